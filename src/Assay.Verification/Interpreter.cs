using System.Diagnostics;

namespace Assay.Verification;

/// <summary>The Python interpreter the workers run: its real executable and its version, asked of it once (so
/// version-manager shims run once, not per worker), as the user the workers run as.</summary>
internal sealed record Interpreter(string Path, string Version)
{
    public static async Task<Interpreter> ResolveAsync(string python, RunAs? runAs, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(runAs is null ? python : "setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (runAs is not null)
        {
            foreach (var argument in new[] { $"--reuid={runAs.Uid}", $"--regid={runAs.Gid}", "--clear-groups", "--", python })
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in new[] { "-I", "-S", "-c", "import sys; print(sys.executable); print(sys.version.split()[0])" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start '{python}'.");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException($"Python interpreter '{python}' (SandboxOptions.Python) could not be started: {error.Message}", error);
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            var error = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (process.ExitCode != 0 || lines.Length != 2 || !File.Exists(lines[0]))
            {
                var who = runAs is null ? "" : $" as user {runAs.Name}";
                throw new InvalidOperationException(
                    $"Python interpreter '{python}' (SandboxOptions.Python) did not report its executable{who}: {error.Trim()}");
            }

            return new Interpreter(lines[0], lines[1]);
        }
    }
}
