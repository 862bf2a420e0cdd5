using System.CommandLine;
using Assay.Verification;

namespace Assay.Cli.Tests;

/// <summary>What a user sees on a machine where the sandbox cannot isolate candidates, and the flag that overrides it.</summary>
[Collection(SwappedConsoleError.Name)]
public sealed class UnsafeNoSandboxTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-unsafe-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task A_machine_without_a_sandbox_is_one_error_line_naming_the_flag_and_exit_code_3()
    {
        var (exitCode, error) = await InvokeThrowingAsync(new SandboxUnavailableException("No sandbox namespace could be made (user namespaces are off)."));

        Assert.Equal(3, exitCode);
        Assert.Equal("error: No sandbox namespace could be made (user namespaces are off). (pass --unsafe-no-sandbox to run candidates without one)", error.TrimEnd());
    }

    [Fact]
    public async Task A_message_that_already_names_the_flag_is_printed_as_it_is()
    {
        const string message = "No sandbox namespace could be made (x); pass --unsafe-no-sandbox to run it with rlimits only.";

        var (exitCode, error) = await InvokeThrowingAsync(new SandboxUnavailableException(message));

        Assert.Equal(3, exitCode);
        Assert.Equal("error: " + message, error.TrimEnd());
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("run")]
    [InlineData("reverify")]
    public async Task Every_verb_that_runs_candidates_offers_the_flag(string verb)
    {
        var help = await AssayProcess.RunAsync(_directory.FullName, verb, "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--unsafe-no-sandbox", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_with_the_flag_still_scores_every_reference_solution()
    {
        var result = await AssayProcess.RunAsync(_directory.FullName, "verify", "--suite", "functions", "--workers", "1", "--unsafe-no-sandbox");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Matches(@"(\d+)/\1 passed", result.Output);
    }

    private static async Task<(int ExitCode, string Error)> InvokeThrowingAsync(Exception exception)
    {
        var verb = new Command("verb");
        Func<ParseResult, CancellationToken, Task<int>> action = (_, _) => throw exception;
        verb.SetAction(action);
        var root = new RootCommand { verb };
        using var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            return (await CliErrors.InvokeAsync(root, ["verb"]), error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }
}
