using System.Diagnostics;

namespace Assay.Cli.Tests;

/// <summary>Runs the real <c>assay</c> executable as a child process and captures what it prints.</summary>
internal static class AssayProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "assay.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Spectre.Console would otherwise size tables for a terminal that is not there.
        start.Environment["COLUMNS"] = "200";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
