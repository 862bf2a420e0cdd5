using System.Text.Json;

namespace Assay.Cli.Tests;

public sealed class VerifyVerbTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-verify-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Every_reference_solution_of_the_bundled_suite_passes()
    {
        var result = await AssayProcess.RunAsync(_directory.FullName, "verify", "--suite", "generated");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Matches(@"(\d+)/\1 passed", result.Output);
    }

    [Fact]
    public async Task Samples_are_scored_into_a_results_file_with_pass_at_k()
    {
        var suite = Path.Combine(_directory.FullName, "fn.jsonl");
        var samples = Path.Combine(_directory.FullName, "samples.jsonl");
        await AssayProcess.RunAsync(_directory.FullName, "suites", "generate", "functions", "--n", "2", "--difficulty", "1", "--seed", "9", "--out", suite);
        var problems = File.ReadAllLines(suite).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var lines = new List<string>();
        foreach (var problem in problems)
        {
            var id = problem.GetProperty("task_id").GetString();
            var right = problem.GetProperty("canonical_solution").GetString();
            lines.Add(JsonSerializer.Serialize(new { task_id = id, completion = right }));
            lines.Add(JsonSerializer.Serialize(new { task_id = id, completion = "x-12345" }));
        }

        await File.WriteAllLinesAsync(samples, lines);

        var result = await AssayProcess.RunAsync(_directory.FullName, "verify", "--suite", suite, "--samples", samples, "-k", "1,2,3");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var results = File.ReadAllLines(samples + "_results.jsonl").Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, results.Count);
        Assert.Equal([true, false, true, false], results.Select(r => r.GetProperty("passed").GetBoolean()));
        Assert.Equal("passed", results[0].GetProperty("result").GetString());
        Assert.StartsWith("failed", results[1].GetProperty("result").GetString(), StringComparison.Ordinal);
        Assert.Contains("50.00%", result.Output, StringComparison.Ordinal);   // pass@1
        Assert.Contains("100.00%", result.Output, StringComparison.Ordinal);  // pass@2
        Assert.Contains("not computable", result.Output, StringComparison.Ordinal); // pass@3 with n = 2
    }

    [Fact]
    public async Task Sample_for_an_unknown_task_is_an_error_naming_its_line()
    {
        var samples = Path.Combine(_directory.FullName, "s.jsonl");
        await File.WriteAllTextAsync(samples, "{\"task_id\":\"nope/1\",\"completion\":\"1\"}\n");

        var result = await AssayProcess.RunAsync(_directory.FullName, "verify", "--suite", "arithmetic", "--samples", samples);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {samples}:1: field 'task_id': 'nope/1' is not a problem of the suite", result.Error.Trim());
    }
}
