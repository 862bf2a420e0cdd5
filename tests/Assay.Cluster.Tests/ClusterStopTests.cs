using System.Globalization;
using Assay.Testing;
using Xunit.Abstractions;

namespace Assay.Cluster.Tests;

/// <summary>How a campaign over the cluster stops short: the shared budget, a chunk that keeps killing workers, a worker
/// whose verifier is not the campaign's. Real worker processes, nats-server, PostgreSQL and a loopback model service.</summary>
public sealed class ClusterStopTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    // Every answer is as long as --max-tokens 8 allows, so a rollout spends its worst case: at $1,000 per million
    // completion tokens (prompts free), $0.008, a chunk of 4 $0.032, the 60 slots $0.48. $0.30 stops them; each worker
    // alone would stay under it, the two together not. The campaign stops once a chunk no longer fits in what is not
    // spent: between $0.268 and $0.30.
    private const decimal MaxCost = 0.30m;
    private const decimal ChunkWorstCase = 0.032m;

    [Fact]
    public async Task Max_cost_holds_for_all_workers_together_and_the_campaign_ends_with_the_budget_status()
    {
        await using var bed = await ClusterTestBed.StartAsync();
        string[] worker = ["--concurrency", "4", "--sandboxes", "1", "--chunk-size", "4", "--ack-wait", "3"];
        var (summary, spent, rows) = await RunToTheBudgetAsync(bed, "arithmetic", () =>
        {
            bed.StartWorker(worker);
            bed.StartWorker(worker);
        });
        Assert.Equal(rows, summary.GetProperty("archived").GetInt64());
        output.WriteLine($"spent ${spent} of ${MaxCost} on {rows} rollouts");
    }

    [Fact]
    public async Task After_a_budget_stop_the_coordinator_waits_for_the_answers_handed_to_verify_workers_and_counts_them()
    {
        await using var bed = await ClusterTestBed.StartAsync();

        // Two generate workers spend the budget in moments; one sandbox verifies their answers one by one, for seconds.
        string[] cluster = ["--chunk-size", "4", "--ack-wait", "3"];
        var (summary, spent, rows) = await RunToTheBudgetAsync(bed, "functions", () =>
        {
            bed.StartWorker(["--role", "generate", "--concurrency", "4", .. cluster]);
            bed.StartWorker(["--role", "generate", "--concurrency", "4", .. cluster]);
            bed.StartWorker(["--role", "verify", "--sandboxes", "1", "--lanes", "1", .. cluster]);
        });
        var campaign = summary.GetProperty("campaign").GetString()!;
        Assert.Equal(0, await bed.MessagesAsync(ClusterNames.VerifyStream, ClusterNames.VerifySubject(campaign)));
        Assert.Equal(rows, summary.GetProperty("archived").GetInt64());
        Assert.Equal(spent, rows * 0.008m);
        output.WriteLine($"spent ${spent} of ${MaxCost} on {rows} rollouts, all verified and counted");
    }

    /// <summary>Runs a campaign of 60 slots of <paramref name="suite"/> under <c>--max-cost 0.30</c> over the workers
    /// <paramref name="startWorkers"/> starts, and checks it ends with the budget status and a spend within one chunk's
    /// worst case below the cap, one row per slot.</summary>
    private static async Task<(System.Text.Json.JsonElement Summary, decimal Spent, long Rows)> RunToTheBudgetAsync(
        ClusterTestBed bed, string suite, Action startWorkers)
    {
        await using var service = await OpenAiCompatibleServer.StartAsync(_ => new string('7', 40));
        var prices = Path.Combine(Path.GetTempPath(), $"assay-prices-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(prices, """{ "m": { "prompt": 0, "completion": 1000 } }""");
        try
        {
            startWorkers();
            var coordinator = bed.StartCoordinator("--model", $"openai:m@{service.BaseUrl}", "--suite", suite, "--limit", "30", "-n", "2",
                "--max-tokens", "8", "--seed", "7", "--price-table", prices, "--max-cost", MaxCost.ToString(CultureInfo.InvariantCulture),
                "--chunk-size", "4", "--ack-wait", "3");
            var exit = await coordinator.WaitAsync(Patience);
            Assert.True(exit == 4, $"coordinator exit {exit}\n{coordinator.Output}\n{coordinator.Error}");
            var summary = ClusterTestBed.SummaryOf(coordinator);
            var campaign = summary.GetProperty("campaign").GetString()!;
            Assert.Equal("budget", summary.GetProperty("status").GetString());

            // The spend never passes the cap (worst cases are reserved before a chunk is sent), and it came near it.
            var spent = await bed.ScalarAsync<decimal>("SELECT coalesce(sum(cost_usd), 0) FROM rollouts WHERE campaign_id = @c", campaign);
            var (rows, slots) = await bed.CountAsync(campaign);
            Assert.InRange(spent, MaxCost - ChunkWorstCase, MaxCost);
            Assert.Equal(rows, slots);
            Assert.InRange(rows, 1, 59);
            return (summary, spent, rows);
        }
        finally
        {
            File.Delete(prices);
        }
    }

    [Fact]
    public async Task A_chunk_that_killed_its_worker_more_than_max_deliveries_times_goes_to_the_dead_letter_stream_and_the_campaign_says_so()
    {
        await using var bed = await ClusterTestBed.StartAsync();
        await using var service = await OpenAiCompatibleServer.StartAsync(_ => "42", latency: TimeSpan.FromMilliseconds(20));

        // One lane: the worker holds one chunk at a time, and archives its rollouts only when the chunk ends.
        string[] worker = ["--lanes", "1", "--concurrency", "2", "--flush-ms", "60000", "--sandboxes", "1", "--chunk-size", "4", "--ack-wait", "3", "--max-deliveries", "1"];
        var first = bed.StartWorker(worker);
        var coordinator = bed.StartCoordinator(["--model", $"openai:m@{service.BaseUrl}", "--suite", "arithmetic", "--limit", "5", "-n", "4", "--seed", "7",
            "--chunk-size", "4", "--ack-wait", "3", "--max-deliveries", "1"]);

        // The worker dies holding its first chunk: that chunk has killed a worker once, as many times as allowed.
        await ClusterTestBed.WaitForAsync(() => Task.FromResult(service.RequestCount > 0), Patience, "first request");
        first.KillHard();
        bed.StartWorker(worker);

        var exit = await coordinator.WaitAsync(Patience);
        Assert.True(exit == 5, $"coordinator exit {exit}\n{coordinator.Output}\n{coordinator.Error}");
        var summary = ClusterTestBed.SummaryOf(coordinator);
        var campaign = summary.GetProperty("campaign").GetString()!;
        Assert.Equal("infrastructure-threshold", summary.GetProperty("status").GetString());
        Assert.Equal(1, summary.GetProperty("dead_chunks").GetInt64());
        Assert.Equal(4, summary.GetProperty("dead_slots").GetInt64());
        Assert.Equal(16, summary.GetProperty("archived").GetInt64());
        Assert.Equal((16, 16), await bed.CountAsync(campaign));
        Assert.Equal(1, await bed.MessagesAsync(ClusterNames.DeadStream, ClusterNames.DeadSubject(campaign)));
        Assert.Contains(ClusterNames.DeadStream, coordinator.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workers_whose_verifier_is_not_the_campaigns_are_refused_with_exit_code_8_and_archive_nothing()
    {
        await using var bed = await ClusterTestBed.StartAsync();
        await using var service = await OpenAiCompatibleServer.StartAsync(_ => "42");
        string[] cluster = ["--chunk-size", "4", "--ack-wait", "3"];
        var coordinator = bed.StartCoordinator(["--model", $"openai:m@{service.BaseUrl}", "--suite", "arithmetic", "--limit", "4", "-n", "2", "--seed", "7", .. cluster]);
        var campaign = await ClusterTestBed.CampaignOfAsync(coordinator, Patience);
        await using (var nats = await bed.ConnectAsync())
        {
            Assert.Equal("other-sandbox/9", await nats.Campaign(campaign).PinVerifierAsync("other-sandbox/9", CancellationToken.None));
        }

        // A worker that verifies its own answers is refused at its first chunk, before it asks anything.
        var both = bed.StartWorker(["--sandboxes", "1", .. cluster]);
        Assert.Equal(8, await both.WaitAsync(Patience));
        Assert.Contains("other-sandbox/9", both.Error, StringComparison.Ordinal);
        Assert.Equal(0, service.RequestCount);

        // A generate worker verifies nothing, so it is not refused; the verify worker that would score its answers is.
        bed.StartWorker(["--role", "generate", .. cluster]);
        var subject = ClusterNames.VerifySubject(campaign);
        await ClusterTestBed.WaitForAsync(async () => await bed.MessagesAsync(ClusterNames.VerifyStream, subject) == 8, Patience, "answers handed over");
        var verify = bed.StartWorker(["--role", "verify", "--sandboxes", "1", .. cluster]);
        Assert.Equal(8, await verify.WaitAsync(Patience));
        Assert.Contains("refused", verify.Error, StringComparison.Ordinal);
        Assert.Equal(0, await bed.RowsAsync(campaign));
        Assert.Equal(8, await bed.MessagesAsync(ClusterNames.VerifyStream, subject));
    }
}
