using System.Diagnostics;
using System.Globalization;

namespace Assay.Bench.Nano;

/// <summary>Runs bench/nano_torch.py (the same model and batch in PyTorch) and reads its tokens per wall second and per CPU second.</summary>
internal static class TorchReference
{
    public static async Task<(double TokensPerSecond, double TokensPerCpuSecond)?> RunAsync(string python, string script, int threads, int steps)
    {
        var start = new ProcessStartInfo(python, [script, threads.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // OpenBLAS and OpenMP would otherwise start one thread per core whatever torch.set_num_threads says.
        start.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        start.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"{script} failed ({process.ExitCode}): {error.Trim()}");
            return null;
        }

        Console.WriteLine($"  torch, {threads} thread(s): {output.Trim()}");
        string[] fields = output.Split(' ');
        return (double.Parse(fields[0], CultureInfo.InvariantCulture), double.Parse(fields[2], CultureInfo.InvariantCulture));
    }
}
