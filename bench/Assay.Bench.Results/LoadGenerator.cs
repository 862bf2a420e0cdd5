using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Assay.Bench.Results;

/// <summary>
/// Closed-loop load: N clients, each sending its next request as soon as the last answer is read, for a fixed time
/// after a warm-up. Client i sends key i mod (keys given), so each key is its own rate-limit partition. Reports the
/// latency percentiles, requests/s and status counts, the CPU this process used (the load generator's own cost) and,
/// given the server's pid, the server's CPU, and the machine's load average before and after.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var url = new Uri(args.Text("url"));
        var paths = args.Text("path").Split('|');
        var clients = args.Number("clients", 200);
        var seconds = args.Number("seconds", 20);
        var keys = args.Optional("keys") is { } file ? await File.ReadAllLinesAsync(file) : [];
        var serverPid = args.Optional("server-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : (int?)null;

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var loadBefore = await File.ReadAllTextAsync("/proc/loadavg");

        // Warm-up: connections opened, caches filled, JIT done; not measured.
        await RunClientsAsync(http, paths, keys, clients, TimeSpan.FromSeconds(3), record: false);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var serverBefore = ServerCpu(serverPid);
        var wall = Stopwatch.StartNew();
        var results = await RunClientsAsync(http, paths, keys, clients, TimeSpan.FromSeconds(seconds), record: true);
        var elapsed = wall.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var serverCpu = ServerCpu(serverPid) - serverBefore;
        var loadAfter = await File.ReadAllTextAsync("/proc/loadavg");

        var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
        var statuses = results.SelectMany(r => r.Statuses).GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
        Console.WriteLine($"{string.Join(" | ", paths)}  clients {clients}  keys {keys.Length}  {elapsed:F1} s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  requests {latencies.Length}  {latencies.Length / elapsed:F0}/s  p50 {Percentile(latencies, 0.50):F2} ms  p90 {Percentile(latencies, 0.90):F2} ms  " +
            $"p99 {Percentile(latencies, 0.99):F2} ms  max {latencies[^1]:F1} ms"));
        Console.WriteLine($"  status {string.Join(", ", statuses)}");
        var server = serverPid is null ? "" : string.Create(CultureInfo.InvariantCulture, $", server {serverCpu / elapsed:F2} cores");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CPU: load generator {cpu / elapsed:F2} cores{server}") +
            $"; load average before {loadBefore.Split(' ')[0]}, after {loadAfter.Split(' ')[0]} ({Environment.ProcessorCount} cores)");
        return 0;
    }

    private static async Task<ClientResult[]> RunClientsAsync(HttpClient http, string[] paths, string[] keys, int clients, TimeSpan duration, bool record)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var result = new ClientResult();
            var auth = keys.Length == 0 ? null : new AuthenticationHeaderValue("Bearer", keys[client % keys.Length]);
            var n = client;
            while (Stopwatch.GetTimestamp() < end)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, paths[n++ % paths.Length]);
                request.Headers.Authorization = auth;
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (record)
                {
                    result.Latencies.Add(ms);
                    result.Statuses.Add((int)response.StatusCode);
                }
            }

            return result;
        }));
    }

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    // utime + stime of /proc/PID/stat, in seconds (clock ticks of 1/100 s on Linux).
    private static double ServerCpu(int? pid)
    {
        if (pid is null)
        {
            return 0;
        }

        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private sealed class ClientResult
    {
        public List<double> Latencies { get; } = [];

        public List<int> Statuses { get; } = [];
    }
}
