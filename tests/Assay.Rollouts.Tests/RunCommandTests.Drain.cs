using System.Diagnostics;
using System.Text.Json;
using Assay.Archive;
using Assay.Testing;

namespace Assay.Rollouts.Tests;

/// <summary>A stopped run drains: nothing more is sent, answers in flight are kept, what the archive cannot take now is
/// kept in the spill, the summary names the command that resumes; a second signal stops at once, still keeping what was
/// answered. Through the real CLI against a loopback service that counts what it answers.</summary>
public sealed partial class RunCommandTests
{
    [Fact]
    public async Task Sigterm_while_another_connection_holds_the_write_lock_loses_nothing_answered_and_exits_143()
    {
        await using var server = await OpenAiCompatibleServer.StartAsync(ArithmeticScenario.Respond, latency: TimeSpan.FromMilliseconds(20));
        using var run = await DrainingRunAsync(server, concurrency: 8, grace: 2, answered: 60);

        int exit;
        var clock = Stopwatch.StartNew();
        using (new SqliteWriteLock(Db))
        {
            await Task.Delay(300);
            await run.TerminateAsync();
            exit = await run.WaitAsync(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(143, exit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"exited {clock.Elapsed.TotalSeconds:F1} s after the signal:\n{run.Stdout}{run.Stderr}");
        var campaignId = CampaignLine().Match(run.Stdout).Groups[1].Value;
        Assert.True(run.Stdout.Contains($"assay run --resume {campaignId} --db {Db}", StringComparison.Ordinal), run.Stdout + run.Stderr);
        Assert.Contains("answered, not archived", run.Stdout, StringComparison.Ordinal);

        // Every request the service answered is kept: archived, or in the spill.
        var answered = AnsweredKeys(server);
        var kept = await KeptKeysAsync(campaignId);
        Assert.Empty(answered.Except(kept));

        using var resume = Assay("run", "--resume", campaignId, "--db", Db, "--concurrency", "8");
        Assert.Equal(0, await resume.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(400, server.Requests.Count(r => !IsProbe(r))); // nothing asked twice
    }

    [Fact]
    public async Task A_second_signal_during_the_drain_stops_at_once_and_keeps_every_answer_that_arrived()
    {
        // Half-second answers: at the signals, requests are in flight, and the drain's grace (60 s) would wait for them.
        await using var server = await OpenAiCompatibleServer.StartAsync(ArithmeticScenario.Respond, latency: TimeSpan.FromMilliseconds(500));
        using var run = await DrainingRunAsync(server, concurrency: 4, grace: 60, answered: 12);

        var clock = Stopwatch.StartNew();
        await run.InterruptAsync();
        await Task.Delay(100);
        await run.InterruptAsync();

        Assert.Equal(130, await run.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 15);
        var campaignId = CampaignLine().Match(run.Stdout).Groups[1].Value;
        Assert.Contains($"assay run --resume {campaignId}", run.Stdout, StringComparison.Ordinal);

        // Only the requests given up in flight (at most --concurrency) may have been answered as they were abandoned.
        var answered = AnsweredKeys(server);
        var kept = await KeptKeysAsync(campaignId);
        Assert.InRange(answered.Except(kept).Count(), 0, 4);
    }

    /// <summary>A campaign of 400 rollouts with <c>--drain-grace</c> <paramref name="grace"/>, once the service has answered
    /// <paramref name="answered"/> of its requests.</summary>
    private async Task<AssayProcess> DrainingRunAsync(OpenAiCompatibleServer server, int concurrency, int grace, int answered)
    {
        var run = Assay("run", "--model", $"openai:loopback@{server.BaseUrl}", "--suite", SuitePath, "-n", "8", "--seed", "7", "--db", Db,
            "--concurrency", $"{concurrency}", "--drain-grace", $"{grace}");
        await FakeClock.WaitUntilAsync(() => server.Requests.Count(r => !IsProbe(r)) >= answered || run.HasExited);
        return run;
    }

    private static HashSet<(string, long?)> AnsweredKeys(OpenAiCompatibleServer server) =>
        [.. server.Requests.Where(r => !IsProbe(r)).Select(r => (r.Prompt, r.Seed))];

    /// <summary>The (prompt, seed) of every rollout of the campaign archived or spilled.</summary>
    private async Task<HashSet<(string, long?)>> KeptKeysAsync(string campaignId)
    {
        var rollouts = (await RolloutSpill.ReadAsync(RolloutSpill.PathFor(Path.Combine(Home, "spill"), campaignId))).ToList();
        await using (var archive = await ArchiveFactory.OpenAsync(Db))
        {
            rollouts.AddRange(await ReadAsync(archive, campaignId));
        }

        return [.. rollouts.Select(r =>
        {
            using var request = JsonDocument.Parse(r.Request);
            return (request.RootElement.GetProperty("prompt").GetString()!, (long?)request.RootElement.GetProperty("seed").GetInt64());
        })];
    }
}
