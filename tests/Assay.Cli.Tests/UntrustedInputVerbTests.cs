using System.Text;
using System.Text.Json;
using Assay.Suites;
using Assay.Testing;

namespace Assay.Cli.Tests;

/// <summary>Bad input fed to the <c>assay</c> executable: one line naming the file (line, field), exit code 2; and text
/// from files reaches the terminal escaped.</summary>
public sealed class UntrustedInputVerbTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-untrusted-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    private static string ArithmeticSamples(int problems) =>
        string.Concat(SuiteCatalog.Resolve("arithmetic").Take(problems)
            .Select(p => JsonSerializer.Serialize(new { task_id = p.Id, completion = p.Reference }) + "\n"));

    [Fact]
    public async Task A_suite_gzip_cut_at_a_flush_boundary_is_exit_2_naming_the_file()
    {
        var lines = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 3).Select(i => $"{{\"task_id\":\"t/{i}\",\"prompt\":\"p\",\"answer\":\"{i}\"}}\n")));
        var suite = PathOf("cut.jsonl.gz");
        await File.WriteAllBytesAsync(suite, FlushCutGzip.Build(lines, lines).CutAtFlush);

        var result = await AssayProcess.RunAsync(_directory.FullName, "verify", "--suite", suite, "--unsafe-no-sandbox");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {suite}: gzip data cut short or corrupt", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("passed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_completion_is_exit_2_naming_file_line_and_field()
    {
        var samples = PathOf("s.jsonl");
        await File.WriteAllTextAsync(samples, ArithmeticSamples(2) + "{\"task_id\":\"arith/d1/0000\",\"completion\":\"\\ud800\"}\n");

        var result = await AssayProcess.RunAsync(_directory.FullName, "verify", "--suite", "arithmetic", "--samples", samples);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {samples}:3: field 'completion': not valid text", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e300")]
    [InlineData("1e7")]
    [InlineData("1e-9")]
    public async Task A_suite_timeout_out_of_range_is_exit_2_naming_file_line_and_field(string timeout)
    {
        var suite = PathOf("t.jsonl");
        await File.WriteAllTextAsync(suite, $"{{\"task_id\":\"f\",\"prompt\":\"def f():\\n\",\"entry_point\":\"f\",\"test\":\"def check(c): pass\",\"timeout\":{timeout}}}\n");

        var result = await AssayProcess.RunAsync(_directory.FullName, "verify", "--suite", suite, "--unsafe-no-sandbox");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {suite}:1: field 'timeout' must be a number of seconds from 0.1 to 3600, found {timeout}", result.Error.Trim());
    }

    [Fact]
    public async Task Invalid_utf8_in_a_samples_file_is_exit_2_naming_file_and_line()
    {
        var samples = PathOf("s.jsonl");
        await File.WriteAllBytesAsync(samples, [.. Encoding.UTF8.GetBytes(ArithmeticSamples(1) + "{\"task_id\":\"arith/d1/0000\",\"completion\":\"1"), 0xC3, 0x28, .. "\"}\n"u8]);

        var result = await AssayProcess.RunAsync(_directory.FullName, "verify", "--suite", "arithmetic", "--samples", samples);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {samples}:2: not valid UTF-8", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_samples_file_is_exit_2()
    {
        var samples = PathOf("empty.jsonl");
        await File.WriteAllTextAsync(samples, "");

        var result = await AssayProcess.RunAsync(_directory.FullName, "verify", "--suite", "arithmetic", "--samples", samples);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {samples}: the file holds no samples", result.Error.Trim());
    }

    [Fact]
    public async Task Samples_for_some_problems_are_refused_unless_partial_and_then_the_report_says_how_many()
    {
        var samples = PathOf("some.jsonl");
        await File.WriteAllTextAsync(samples, ArithmeticSamples(3));

        var refused = await AssayProcess.RunAsync(_directory.FullName, "verify", "--suite", "arithmetic", "--samples", samples);

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal(
            $"error: {samples}: Some problems are not attempted: samples for 3 of the suite's 64 problems (first missing: arithmetic/d1/0003); pass --partial to score only the attempted problems",
            refused.Error.Trim());
        Assert.False(File.Exists(samples + "_results.jsonl"));

        var partial = await AssayProcess.RunAsync(_directory.FullName, "verify", "--suite", "arithmetic", "--samples", samples, "--partial", "-k", "1", "--unsafe-no-sandbox");

        Assert.True(partial.ExitCode == 0, partial.Output + partial.Error);
        Assert.Contains("3/3 passed", partial.Output, StringComparison.Ordinal);
        Assert.Contains("--partial: 3 of 64 problems attempted", partial.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_characters_in_task_ids_are_escaped_in_suites_show_and_verify()
    {
        var suite = PathOf("evil.jsonl");
        var id = "evil\u001b[2J\u0000id\nnext\u202e";
        await File.WriteAllTextAsync(suite, JsonSerializer.Serialize(new { task_id = id, prompt = "p\u001b]0;title\u0007", answer = "1", canonical_solution = "2" }) + "\n");

        var show = await AssayProcess.RunAsync(_directory.FullName, "suites", "show", suite);
        var verify = await AssayProcess.RunAsync(_directory.FullName, "verify", "--suite", suite, "--unsafe-no-sandbox");

        Assert.Equal(0, show.ExitCode);
        Assert.Equal(1, verify.ExitCode);
        foreach (var output in new[] { show.Output, verify.Output })
        {
            Assert.DoesNotContain('\u001b', output);
            Assert.DoesNotContain('\0', output);
            Assert.DoesNotContain('\u202e', output);
            Assert.DoesNotContain('\u0007', output);
        }

        Assert.Contains(@"evil\x1B[2J\0id\nnext\u202E", show.Output, StringComparison.Ordinal);
        Assert.Contains(@"failed evil\x1B[2J\0id\nnext\u202E", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suites_list_shows_humaneval_with_where_it_comes_from()
    {
        var result = await AssayProcess.RunAsync(_directory.FullName, "suites", "list");

        Assert.Equal(0, result.ExitCode);
        var humaneval = Assert.Single(result.Output.Split('\n'), l => l.Contains("humaneval", StringComparison.Ordinal));
        Assert.Contains("164", humaneval, StringComparison.Ordinal);
        Assert.Contains("bundled file data/humaneval/HumanEval.jsonl.gz; github.com/openai/human-eval", humaneval, StringComparison.Ordinal);
        Assert.Contains("MIT", result.Output, StringComparison.Ordinal);
        Assert.Contains("2021-07-07", result.Output, StringComparison.Ordinal);
        Assert.Contains("generator arithmetic, seed 20261123", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Humaneval_by_name_shows_its_problems_and_their_release_date()
    {
        var result = await AssayProcess.RunAsync(_directory.FullName, "suites", "show", "humaneval", "--limit", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("HumanEval/0", result.Output, StringComparison.Ordinal);
        Assert.Contains("2021-07-07", result.Output, StringComparison.Ordinal);
        Assert.Contains("164 problems", result.Output, StringComparison.Ordinal);
    }
}
