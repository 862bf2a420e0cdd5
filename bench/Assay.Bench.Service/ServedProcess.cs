using System.Diagnostics;
using System.Globalization;

namespace Assay.Bench.Service;

/// <summary>`assay serve` in its own process on a free loopback port, with its resident memory and CPU time read from /proc.</summary>
internal sealed class ServedProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServedProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public int Pid => _process.Id;

    public static async Task<ServedProcess> StartAsync(string assayDll, string checkpoint)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = false };
        foreach (var arg in new[] { assayDll, "serve", "--urls", "http://127.0.0.1:0", "--model", "nano:" + checkpoint })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            // "assay serve: listening on http://127.0.0.1:PORT with ..."
            var at = line.IndexOf("http://", StringComparison.Ordinal);
            if (line.Contains("listening on", StringComparison.Ordinal) && at >= 0)
            {
                var url = line[at..].Split(' ')[0];
                _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is not null) { } });
                return new ServedProcess(process, new Uri(url + "/v1/"));
            }
        }

        throw new InvalidOperationException($"assay serve exited with {process.ExitCode} before listening");
    }

    /// <summary>Resident memory (VmRSS) in MB and CPU seconds (user + system) so far.</summary>
    public (double RssMb, double CpuSeconds) Sample()
    {
        var rssKb = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        // Fields 14 and 15 of /proc/PID/stat (after the command in parentheses): utime and stime in clock ticks (100 Hz).
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (long.Parse(rssKb, CultureInfo.InvariantCulture) / 1024.0, ticks / 100.0);
    }

    /// <summary>Samples the resident memory every 50 ms until disposed; <see cref="PeakWatch.PeakMb"/> is the largest seen.</summary>
    public PeakWatch WatchPeak() => new(() => Sample().RssMb);

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
