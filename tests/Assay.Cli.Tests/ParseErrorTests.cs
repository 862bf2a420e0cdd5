namespace Assay.Cli.Tests;

/// <summary>A flag value that does not parse is one line in words naming the option, and exit code 2.</summary>
public sealed class ParseErrorTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-parse-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("run --temperature abc", "error: --temperature: expected a number, got 'abc'")]
    [InlineData("run -n two", "error: -n: expected a whole number, got 'two'")]
    [InlineData("verify --suite arithmetic --workers 1.5", "error: --workers: expected a whole number, got '1.5'")]
    [InlineData("report --format yaml", "error: --format: expected one of table, json, markdown, got 'yaml'")]
    [InlineData("campaigns --format yaml", "error: --format: Argument 'yaml' not recognized")]
    [InlineData("run -n", "error: Required argument missing for option: '-n'")]
    public async Task A_value_of_the_wrong_kind_names_the_option_and_the_kind_in_words(string arguments, string expected)
    {
        var result = await AssayProcess.RunAsync(_directory.FullName, arguments.Split(' '));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }
}
