using System.Diagnostics;

namespace Assay.Deploy.Tests;

/// <summary>A tool of the machine (systemd-analyze, nats-server) run to the end, its output kept.</summary>
internal sealed record ToolRun(int ExitCode, string Output)
{
    public static async Task<ToolRun> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new ToolRun(process.ExitCode, (await output + await error).Trim());
    }
}
