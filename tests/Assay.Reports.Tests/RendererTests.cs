using System.Text.Json;

namespace Assay.Reports.Tests;

public sealed class RendererTests
{
    private const string Model = "nano:[v2]|default"; // brackets are Spectre markup, a pipe ends a Markdown cell

    // p1: 2 of 4 pass, p2: 0 of 3 pass + 1 infrastructure failure. pass@1 = (1/2 + 0)/2 = 0.25; pass@10: n/a.
    private static readonly Report Sample = ReportBuilder.Build(
        Rollouts.Problem("c1", "p1", passed: 2, failed: 2, model: Model).Concat(Rollouts.Problem("c1", "p2", passed: 0, failed: 3, infrastructure: 1, model: Model)),
        [Rollouts.Campaign("c1", model: Model, suite: "arith")],
        new ReportOptions(Ks: [1, 10]));

    [Fact]
    public void Markdown_has_a_summary_row_and_the_hardest_problems()
    {
        var markdown = ReportMarkdown.Render(Sample);

        var interval = Sample.Entries[0].PassAtK[0].Interval!;
        Assert.Contains("| model | suite | problems | rollouts | pass@1 | pass@10 | infra failures | rollouts/solution | tokens/solution | $/solution |", markdown, StringComparison.Ordinal);
        Assert.Contains($"| nano:[v2]\\|default | arith | 2 | 8 | 0.250 [{interval.Lower:0.000}, {interval.Upper:0.000}] | n/a | 1 (12.5%) | 4.0 | 60.0 | $0.04 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| model | suite | isolation | verifier | samples |\n| --- | --- | --- | --- | ---: |\n| nano:[v2]\\|default | arith | namespaces | python-sandbox/test | 7 |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("n/a: not computable: a problem has 3 scored samples, fewer than k = 10.", markdown, StringComparison.Ordinal);
        Assert.True(markdown.IndexOf("| p2 | 3 | 0 | 0.000 |", StringComparison.Ordinal) < markdown.IndexOf("| p1 | 4 | 2 | 0.500 |", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_carries_every_number_and_null_for_what_is_not_computable()
    {
        using var json = JsonDocument.Parse(ReportJson.Serialize(Sample));

        var entry = json.RootElement.GetProperty("entries")[0];
        Assert.Equal(Model, entry.GetProperty("model").GetString());
        Assert.Equal(0.25, entry.GetProperty("pass_at_k")[0].GetProperty("value").GetDouble());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("pass_at_k")[1].GetProperty("value").ValueKind);
        Assert.Equal(1, entry.GetProperty("infrastructure_failures").GetInt32());
        Assert.Equal(0.125, entry.GetProperty("infrastructure_failure_share").GetDouble());
        var verifier = Assert.Single(entry.GetProperty("verifiers").EnumerateArray());
        Assert.Equal(("namespaces", "python-sandbox/test", 7), (verifier.GetProperty("isolation").GetString(), verifier.GetProperty("verifier").GetString(), verifier.GetProperty("samples").GetInt32()));
        Assert.Equal(0.04m, entry.GetProperty("cost_per_solution").GetDecimal());
        Assert.Equal("p2", entry.GetProperty("problems_hardest_first")[0].GetProperty("problem_id").GetString());
        Assert.Equal(1000, json.RootElement.GetProperty("options").GetProperty("resamples").GetInt32());
    }

    [Fact]
    public void The_table_shows_the_summary_and_the_hardest_problems()
    {
        using var output = new StringWriter();

        ReportRenderer.Write(Sample, ReportFormat.Table, output);

        var text = output.ToString();
        Assert.Contains(Model + " on arith: hardest problems", text, StringComparison.Ordinal);
        Assert.Contains("pass@10", text, StringComparison.Ordinal);
        Assert.Contains("0.250 [", text, StringComparison.Ordinal);
        Assert.Contains("$0.04", text, StringComparison.Ordinal);
        Assert.Contains("1 (12.5%)", text, StringComparison.Ordinal);
        Assert.Matches(@"│ arith +│ namespaces +│ python-sandbox/test +│ +7 │", text);
        Assert.Contains("hardest problems", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal); // no colour codes in a file
    }

    [Theory]
    [InlineData(ReportFormat.Json, "\"entries\"")]
    [InlineData(ReportFormat.Markdown, "| model |")]
    public void The_renderer_writes_the_format_asked_for(ReportFormat format, string expected)
    {
        using var output = new StringWriter();

        ReportRenderer.Write(Sample, format, output);

        Assert.Contains(expected, output.ToString(), StringComparison.Ordinal);
    }
}
