namespace Assay.Cli.Tests;

public sealed class SuitesVerbTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-cli-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Generate_writes_a_suite_that_show_reads_back()
    {
        var path = Path.Combine(_directory.FullName, "fn.jsonl");

        var generate = await AssayProcess.RunAsync(_directory.FullName, "suites", "generate", "functions", "--n", "5", "--difficulty", "2", "--seed", "3", "--out", path);
        var show = await AssayProcess.RunAsync(_directory.FullName, "suites", "show", path);

        Assert.Equal(0, generate.ExitCode);
        Assert.Equal(5, File.ReadAllLines(path).Length);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("functions/d2/0004", show.Output, StringComparison.Ordinal);
        Assert.Contains("5 problems", show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Difficulty_out_of_range_is_one_line_naming_the_flag_and_exit_code_2()
    {
        var result = await AssayProcess.RunAsync(_directory.FullName, "suites", "generate", "arithmetic", "--difficulty", "99");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --difficulty 99: arithmetic has levels 1 to 8", result.Error.Trim());
    }

    [Fact]
    public async Task Broken_suite_file_names_file_line_and_field()
    {
        var path = Path.Combine(_directory.FullName, "broken.jsonl");
        await File.WriteAllTextAsync(path, "{\"task_id\":\"a\",\"prompt\":\"p\",\"answer\":\"1\"}\n{\"task_id\":\"b\",\"answer\":\"2\"}\n");

        var result = await AssayProcess.RunAsync(_directory.FullName, "suites", "show", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {path}:2: missing field 'prompt'", result.Error.Trim());
    }

    [Fact]
    public async Task Every_verb_has_help()
    {
        foreach (var verb in new[] { "suites", "verify" })
        {
            var result = await AssayProcess.RunAsync(_directory.FullName, verb, "--help");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        }
    }
}
