using System.Text.Json;
using Assay.Archive.Tests;
using Assay.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Assay.Cluster.Tests;

/// <summary>A campaign over three real worker processes, a real nats-server, a real PostgreSQL and a loopback model service.</summary>
public sealed class ClusterCampaignTests(ITestOutputHelper output)
{
    // 600 requests per minute, cut as the limiter cuts it: 10 per 1 s window (RateWindowShape.PerMinute).
    private const int RequestsPerMinute = 600;
    private const int PerWindow = 10;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private const int Problems = 40;
    private const int Samples = 3;

    private static long WindowOf(DateTimeOffset time) => time.ToUnixTimeMilliseconds() * TimeSpan.TicksPerMillisecond / Window.Ticks;

    [Fact]
    public async Task Campaign_survives_a_worker_killed_holding_unarchived_answers_with_every_slot_archived_once_under_the_shared_rate_limit()
    {
        await using var postgres = await TemporaryPostgres.StartAsync();
        await postgres.CreateDatabaseAsync("cluster");
        var db = $"postgres://assay@127.0.0.1:{postgres.Port}/cluster";
        await using var nats = await TemporaryNatsServer.StartAsync();
        await using var service = await OpenAiCompatibleServer.StartAsync(_ => "42", latency: TimeSpan.FromMilliseconds(20));
        var environment = new Dictionary<string, string> { ["PGPASSWORD"] = "unused-with-trust" };

        // The server's first requests run code still being compiled, which on a loaded machine stamps their arrival late
        // (into the next window): warm it up, then count from zero.
        using (var http = new HttpClient())
        {
            for (var i = 0; i < 5; i++)
            {
                using var body = new StringContent("""{"model":"warm-up","messages":[{"role":"user","content":"1+1"}]}""", System.Text.Encoding.UTF8, "application/json");
                (await http.PostAsync(new Uri(service.BaseUrl + "/chat/completions"), body)).EnsureSuccessStatusCode();
            }
        }

        service.Forget();

        // A long flush interval: each worker archives a chunk's rollouts only when the chunk ends, so at any moment mid-chunk
        // it holds answered rollouts not yet archived, which a SIGKILL loses (and another worker asks again).
        string[] workerArgs = ["worker", "--cluster", nats.Url, "--db", db, "--concurrency", "4", "--lanes", "2", "--flush-ms", "60000",
            "--ack-wait", "3", "--chunk-size", "8", "--workers", "1"];
        // The worker to be killed starts alone, so every request answered before the others start is its own.
        var workers = new List<AssayChild> { AssayChild.Start(environment, workerArgs) };
        await using var coordinator = AssayChild.Start(environment, "run", "--cluster", nats.Url, "--db", db,
            "--model", $"openai:m@{service.BaseUrl}", "--suite", "arithmetic", "--limit", $"{Problems}", "-n", $"{Samples}", "--seed", "7",
            "--rpm", $"{RequestsPerMinute}", "--chunk-size", "8", "--ack-wait", "3", "--json");
        try
        {
            // It is killed as soon as it has answers, and before any of its chunks can end: a chunk is archived only when
            // all 8 of its slots are answered, and polling every 5 ms at 4 requests in flight of 20 ms leaves it at most
            // 5 answers. So it dies holding answered rollouts that no one has archived, which another worker asks again.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (service.RequestCount == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }

            workers[0].KillHard();
            var answeredByKilled = service.RequestCount;
            Assert.InRange(answeredByKilled, 1, 7);
            workers.AddRange(Enumerable.Range(0, 2).Select(_ => AssayChild.Start(environment, workerArgs)));
            var exit = await coordinator.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(exit == 0, $"coordinator exit {exit}\n{coordinator.Output}\n{coordinator.Error}\n{workers[1].Error}");
            var summary = JsonDocument.Parse(coordinator.Output[coordinator.Output.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
            var campaign = summary.GetProperty("campaign").GetString()!;
            Assert.Equal("completed", summary.GetProperty("status").GetString());
            Assert.Equal(Problems * Samples, summary.GetProperty("archived").GetInt64());

            // Exactly the planned rollouts, one per slot.
            await using (var connection = new NpgsqlConnection(postgres.ConnectionString("cluster")))
            {
                await connection.OpenAsync();
                await using var count = new NpgsqlCommand(
                    "SELECT count(*), count(DISTINCT (problem_id, sample_index)), max(attempt) FROM rollouts WHERE campaign_id = @c", connection);
                count.Parameters.AddWithValue("c", campaign);
                await using var reader = await count.ExecuteReaderAsync();
                await reader.ReadAsync();
                Assert.Equal(Problems * Samples, reader.GetInt64(0));
                Assert.Equal(Problems * Samples, reader.GetInt64(1));
                Assert.Equal(0, reader.GetInt32(2));
            }

            // Requests paid twice: answered for the killed worker, never archived by it, asked again after the redelivery.
            // Each slot has its own seed, so a request asked twice shows as a repeated (prompt, seed).
            var requests = service.Requests;
            var paidTwice = requests.Count - requests.Select(r => (r.Prompt, r.Seed)).Distinct().Count();
            Assert.Equal(Problems * Samples, requests.Count - paidTwice);
            Assert.InRange(paidTwice, answeredByKilled, summary.GetProperty("reasked").GetInt64());

            // The shared limit. Each worker sends a request only while its permit is good, in the first 40 % of the window
            // (checked last where the request leaves): by the time of that check, never more than 10 in a window. The
            // service counts arrivals, so its count can exceed 10 only through requests that took longer than the other
            // 60 % of the window to arrive (a machine overloaded by other builds); none may exceed it otherwise, and the
            // limit must bind (exactly 10 arrivals) in at least three windows.
            var arrivals = service.Arrivals;
            Assert.All(arrivals, a => Assert.NotNull(a.Sent));
            var bySend = arrivals.GroupBy(a => WindowOf(a.Sent!.Value)).ToDictionary(g => g.Key, g => g.Count());
            Assert.All(bySend, w => Assert.True(w.Value <= PerWindow, $"window {w.Key}: {w.Value} requests checked"));
            var guard = Window * 3 / 5;
            var late = arrivals.Where(a => a.At - a.Sent!.Value > guard && WindowOf(a.At) > WindowOf(a.Sent.Value)).ToList();
            var perWindow = service.CountPerWindow(Window);
            var windows = string.Join(", ", perWindow.OrderBy(w => w.Key).Select(w => $"{w.Key % 1000}:{w.Value}"));
            Assert.All(perWindow, w => Assert.True(w.Value <= PerWindow + late.Count(a => WindowOf(a.At) == w.Key),
                $"window {w.Key}: {w.Value} requests arrived ({windows})"));
            Assert.True(perWindow.Count(w => w.Value == PerWindow) >= 3, windows);
            var transit = arrivals.Max(a => a.At - a.Sent!.Value);
            output.WriteLine($"requests {requests.Count}, paid twice {paidTwice}, reported asked again {summary.GetProperty("reasked").GetInt64()}; "
                + $"arrivals per window: {windows}; slowest transit {transit.TotalMilliseconds:F0} ms, {late.Count} arrived in a later window past the guard");

            // The survivors drain on SIGTERM and exit 0.
            foreach (var worker in workers.Skip(1))
            {
                await worker.TerminateAsync();
                Assert.Equal(0, await worker.WaitAsync(TimeSpan.FromSeconds(30)));
                Assert.Contains("drained", worker.Error, StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }
}
