namespace Assay.Reports.Tests;

/// <summary>A task id from a suite file can carry a terminal escape; no renderer passes it through raw.</summary>
public sealed class TerminalTextTests
{
    private const string EvilId = "p\u001b[2J\u0000\nnext\u202e|";

    private static readonly Report Sample = ReportBuilder.Build(
        Rollouts.Problem("c1", EvilId, passed: 1, failed: 1, model: "m\u001b]0;title\u0007"),
        [Rollouts.Campaign("c1", model: "m\u001b]0;title\u0007", suite: "s\r")],
        new ReportOptions(Ks: [1]));

    [Theory]
    [InlineData("plain text, with \\ and ⏎ and 𝄞", "plain text, with \\ and ⏎ and 𝄞")]
    [InlineData("a\u001b[31mb", "a\\x1B[31mb")]
    [InlineData("nul\0 tab\t cr\r lf\n del\u007f c1\u009b", "nul\\0 tab\\t cr\\r lf\\n del\\x7F c1\\x9B")]
    [InlineData("bidi\u202eevil\u2066", "bidi\\u202Eevil\\u2066")]
    public void Control_characters_become_visible_escapes_and_other_text_is_unchanged(string text, string shown)
    {
        Assert.Equal(shown, TerminalText.Escape(text));
    }

    [Fact]
    public void A_lone_surrogate_is_escaped_and_a_pair_is_kept()
    {
        // Not theory data: xunit's UTF-8 round trip of test cases would replace the lone surrogate.
        Assert.Equal("lone\\uD800 pair\ud834\udd1e end\\uDC00", TerminalText.Escape("lone\ud800 pair\ud834\udd1e end\udc00"));
    }

    [Fact]
    public void Markdown_escapes_control_characters_in_ids_models_and_suites()
    {
        var markdown = ReportMarkdown.Render(Sample);

        Assert.DoesNotContain('\u001b', markdown);
        Assert.DoesNotContain('\0', markdown);
        Assert.DoesNotContain('\r', markdown);
        Assert.DoesNotContain('\u202e', markdown);
        Assert.Contains("| p\\x1B[2J\\0\\nnext\\u202E\\| | 2 | 1 | 0.500 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| m\\x1B]0;title\\x07 | s\\r |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_escapes_control_characters_in_ids_models_and_suites()
    {
        using var output = new StringWriter();

        ReportRenderer.Write(Sample, ReportFormat.Table, output);

        var text = output.ToString();
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\0', text);
        Assert.DoesNotContain('\u0007', text);
        Assert.DoesNotContain('\u202e', text);
        Assert.Contains("p\\x1B[2J\\0\\nnext\\u202E|", text, StringComparison.Ordinal);
        Assert.Contains("m\\x1B]0;title\\x07 on s\\r: hardest problems", text, StringComparison.Ordinal);
    }
}
