using System.Text.Json;
using Assay.Suites;

namespace Assay.Cli.Tests;

/// <summary><c>assay verify --problems PATTERN --limit N</c>: the same selection as <c>assay run</c>'s.</summary>
public sealed class VerifySelectionTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-verify-select-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task The_glob_then_the_limit_choose_the_reference_solutions_verified()
    {
        var result = await AssayProcess.RunAsync(_directory.FullName, "verify", "--suite", "arithmetic", "--problems", "arithmetic/d2/*", "--limit", "3");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("3/3 passed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Samples_of_problems_outside_the_selection_are_left_out_of_the_score_and_the_results_file()
    {
        var problems = SuiteCatalog.Resolve("arithmetic");
        var samples = Path.Combine(_directory.FullName, "samples.jsonl");
        await File.WriteAllLinesAsync(samples, problems.Select((p, i) =>
            JsonSerializer.Serialize(new { task_id = p.Id, completion = i == 0 ? p.Reference : "no answer" })));

        var result = await AssayProcess.RunAsync(_directory.FullName, "verify", "--suite", "arithmetic", "--samples", samples, "--problems", problems[0].Id);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("1/1 passed", result.Output, StringComparison.Ordinal);
        var line = Assert.Single(File.ReadAllLines(samples + "_results.jsonl"));
        Assert.Equal(problems[0].Id, JsonDocument.Parse(line).RootElement.GetProperty("task_id").GetString());
    }

    [Theory]
    [InlineData("--problems nope/*", "error: --problems nope/*: no problem of suite arithmetic matches")]
    [InlineData("--limit 0", "error: --limit 0: must be at least 1")]
    public async Task A_selection_that_keeps_nothing_is_one_line_and_exit_code_2(string arguments, string message)
    {
        var result = await AssayProcess.RunAsync(_directory.FullName, ["verify", "--suite", "arithmetic", .. arguments.Split(' ')]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(message, result.Error.Trim());
    }
}
