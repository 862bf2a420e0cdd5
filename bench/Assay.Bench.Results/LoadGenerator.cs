using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Assay.Bench.Results;

/// <summary>
/// Closed-loop load: N clients, each on its own HTTP/1.1 keep-alive connection, each sending its next request as soon
/// as the last answer is read. The clients run for a warm-up (connections open, JIT and caches warm: not measured)
/// and then, without a pause, for the measured window; a request counts when it starts inside the window. Client i
/// sends key i mod (keys given), so each key is its own rate-limit partition. Requests are built once as bytes; with
/// --follow-next a client pages through the rollout list by each answer's <c>next</c> cursor, starting over after
/// --pages pages. Reports latency percentiles, requests/s and statuses, this process's CPU (the load generator's own
/// cost), the server's CPU (and the database's, given its pid) in cores and in ms per request, the load average, and
/// a Markdown table row for the README.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var url = new Uri(args.Text("url"));
        var paths = args.Text("path").Split('|');
        var clients = args.Number("clients", 200);
        var seconds = args.Number("seconds", 20);
        var warmup = args.Number("warmup", 5);
        var pages = args.Number("pages", 20);
        var follow = args.Optional("follow-next") == "yes";
        var keys = args.Optional("keys") is { } file ? await File.ReadAllLinesAsync(file) : [];
        var serverPid = args.Optional("server-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : (int?)null;
        var dbPid = args.Optional("db-pid") is { } db ? int.Parse(db, CultureInfo.InvariantCulture) : (int?)null;
        var label = args.Optional("label") ?? string.Join(" | ", paths);

        var endpoint = new IPEndPoint((await Dns.GetHostAddressesAsync(url.Host))[0], url.Port);
        var connections = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => KeepAliveConnection.OpenAsync(endpoint, CancellationToken.None)));
        var loadBefore = LoadAverage();
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (warmup * Stopwatch.Frequency);
        var measureTo = measureFrom + (seconds * Stopwatch.Frequency);

        // The CPU counters are read when the measured window opens, by a timer rather than a client.
        var cpuAtStart = new TaskCompletionSource<(TimeSpan Own, double Server, double Db)>();
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(warmup));
            cpuAtStart.SetResult((Process.GetCurrentProcess().TotalProcessorTime, ProcessCpu.Seconds(serverPid), ProcessCpu.TreeSeconds(dbPid)));
        });
        var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(() =>
        {
            var key = keys.Length == 0 ? null : keys[client % keys.Length];
            var requests = paths.Select(path => Request(url, path, key)).ToArray();
            var paging = follow ? new Paging(url, paths[client % paths.Length], key, pages) : null;
            return RunClientAsync(connections[client], requests, paging, client, measureFrom, measureTo);
        })));
        var (ownBefore, serverBefore, dbBefore) = await cpuAtStart.Task;
        var elapsed = (Stopwatch.GetTimestamp() - measureFrom) / (double)Stopwatch.Frequency;
        var own = (Process.GetCurrentProcess().TotalProcessorTime - ownBefore).TotalSeconds;
        var server = ProcessCpu.Seconds(serverPid) - serverBefore;
        var database = ProcessCpu.TreeSeconds(dbPid) - dbBefore;
        var loadAfter = LoadAverage();
        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        var latencies = results.SelectMany(r => r.Latencies).Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        var statuses = results.SelectMany(r => r.Statuses).GroupBy(s => s.Key).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Sum(s => s.Value)}");
        var count = latencies.Length;
        var perSecond = count / elapsed;
        var (p50, p90, p99) = (Percentile(latencies, 0.50), Percentile(latencies, 0.90), Percentile(latencies, 0.99));
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(invariant, $"{label}: {string.Join(" | ", paths)}  clients {clients}  keys {keys.Length}  warm-up {warmup} s, measured {elapsed:F1} s{(follow ? $", following next up to {pages} pages" : "")}"));
        Console.WriteLine(string.Create(invariant,
            $"  requests {count}  {perSecond:F0}/s  p50 {p50:F2} ms  p90 {p90:F2} ms  p99 {p99:F2} ms  max {(count == 0 ? 0 : latencies[^1]):F1} ms"));
        Console.WriteLine($"  status {string.Join(", ", statuses)}");
        Console.WriteLine(string.Create(invariant,
            $"  CPU: load generator {own / elapsed:F2} cores ({1000 * own / count:F3} ms/request), server {server / elapsed:F2} cores ({1000 * server / count:F3} ms/request)") +
            (dbPid is null ? "" : string.Create(invariant, $", database {database / elapsed:F2} cores ({1000 * database / count:F3} ms/request)")) +
            $"; load average before {loadBefore}, after {loadAfter} ({Environment.ProcessorCount} cores)");
        var serverCell = string.Create(invariant, $"{server / elapsed:F2} cores, {1000 * server / count:F3} ms/req") +
            (dbPid is null ? "" : string.Create(invariant, $" + PostgreSQL {database / elapsed:F2} cores, {1000 * database / count:F3} ms/req"));
        // A run whose answers were not all 200 says so in its row: refusals (429) are cheaper than answers.
        var refused = results.SelectMany(r => r.Statuses).Where(s => s.Key != 200).Sum(s => s.Value);
        var requestsCell = string.Create(invariant, $"{perSecond:N0}") + (refused == 0 ? "" : $" ({refused:N0} not 200: {string.Join(", ", statuses)})");
        Console.WriteLine(string.Create(invariant,
            $"| {label} | {requestsCell} | {p50:F1} ms | {p99:F1} ms | {own / elapsed:F2} cores | {serverCell} | {loadBefore} → {loadAfter} |"));
        return 0;
    }

    private static async Task<ClientResult> RunClientAsync(
        KeepAliveConnection connection, byte[][] requests, Paging? paging, int client, long measureFrom, long measureTo)
    {
        var result = new ClientResult();
        var n = client;
        while (true)
        {
            var request = paging?.Current ?? requests[n++ % requests.Length];
            var started = Stopwatch.GetTimestamp();
            if (started >= measureTo)
            {
                return result;
            }

            var (status, body) = await connection.ExchangeAsync(request, CancellationToken.None);
            if (started >= measureFrom)
            {
                result.Latencies.Add(Stopwatch.GetTimestamp() - started);
                result.Statuses[status] = result.Statuses.GetValueOrDefault(status) + 1;
            }

            paging?.Advance(status, body.Span);
        }
    }

    private static byte[] Request(Uri url, string path, string? key) => Encoding.ASCII.GetBytes(
        $"GET /{path.TrimStart('/')} HTTP/1.1\r\nHost: {url.Authority}\r\n" + (key is null ? "" : $"Authorization: Bearer {key}\r\n") + "\r\n");

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private sealed class ClientResult
    {
        public List<long> Latencies { get; } = new(1 << 14);

        public Dictionary<int, int> Statuses { get; } = [];
    }

    // One client's walk through the rollout list: the first page, then each answer's next cursor, up to a number of pages.
    private sealed class Paging(Uri url, string path, string? key, int pages)
    {
        private static readonly byte[] s_next = "\"next\":\""u8.ToArray();
        private readonly byte[] _first = Request(url, path, key);
        private int _page;

        public byte[] Current { get; private set; } = Request(url, path, key);

        public void Advance(int status, ReadOnlySpan<byte> body)
        {
            var at = body.LastIndexOf(s_next);
            if (status != 200 || at < 0 || ++_page >= pages)
            {
                (Current, _page) = (_first, 0);
                return;
            }

            var cursor = body[(at + s_next.Length)..];
            cursor = cursor[..cursor.IndexOf((byte)'"')];
            Current = Request(url, $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}after={Encoding.ASCII.GetString(cursor)}", key);
        }
    }
}
