using Assay.Archive;
using Assay.Archive.Tests;
using Assay.Testing;

namespace Assay.Rollouts.Tests;

/// <summary>One process runs a campaign at a time: two resumes started at once, in two processes, against a loopback
/// service that counts what it answers; on SQLite and on PostgreSQL.</summary>
public sealed partial class RunCommandTests
{
    [Fact]
    public async Task Two_resumes_at_once_on_sqlite_one_is_refused_naming_the_owner_and_no_request_is_paid_twice() =>
        await TwoResumesAtOnceAsync(Db);

    [Fact]
    public async Task Two_resumes_at_once_on_postgresql_one_is_refused_naming_the_owner_and_no_request_is_paid_twice()
    {
        await using var postgres = await TemporaryPostgres.StartAsync();
        await postgres.CreateDatabaseAsync("owned");
        await TwoResumesAtOnceAsync(postgres.Url("owned"));
    }

    /// <summary>A campaign killed with SIGKILL (its lease left behind, its process gone), then resumed twice at once:
    /// the stale lease is taken over by exactly one resume, which finishes the campaign; the other sends nothing.</summary>
    private async Task TwoResumesAtOnceAsync(string db)
    {
        await using var server = await OpenAiCompatibleServer.StartAsync(ArithmeticScenario.Respond, latency: TimeSpan.FromMilliseconds(20));
        var model = $"openai:loopback@{server.BaseUrl}";
        string campaignId;
        using (var first = Assay("run", "--model", model, "--suite", SuitePath, "-n", "8", "--seed", "7", "--db", db, "--concurrency", "8"))
        {
            await FakeClock.WaitUntilAsync(() => server.Requests.Count(r => !IsProbe(r)) >= 60 || first.HasExited);
            first.KillHard();
            campaignId = CampaignLine().Match(first.Stdout).Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(campaignId), first.Stdout + first.Stderr);
        }

        var kept = (await RolloutSpill.ReadAsync(RolloutSpill.PathFor(Path.Combine(Home, "spill"), campaignId))).Select(r => r.Id).ToHashSet();
        await using (var archive = await ArchiveFactory.OpenAsync(db))
        {
            kept.UnionWith((await ReadAsync(archive, campaignId)).Select(r => r.Id));
            Assert.Single(await archive.ListLeasesAsync()); // left behind by the killed run
        }

        var answeredBefore = server.Requests.Count;
        using var one = Assay("run", "--resume", campaignId, "--db", db, "--concurrency", "8");
        using var two = Assay("run", "--resume", campaignId, "--db", db, "--concurrency", "8");
        var exits = await Task.WhenAll(one.WaitAsync(TimeSpan.FromMinutes(2)), two.WaitAsync(TimeSpan.FromMinutes(2)));

        Assert.Equal([0, 7], exits.Order());
        var refused = exits[0] == 7 ? one : two;
        Assert.Contains($"error: campaign {campaignId} is being run by host {Environment.MachineName}, pid ", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("since ", refused.Stderr, StringComparison.Ordinal);
        var answered = server.Requests.Skip(answeredBefore).Where(r => !IsProbe(r)).Select(r => (r.Prompt, r.Seed)).ToList();
        await using (var archive = await ArchiveFactory.OpenAsync(db))
        {
            var all = await ReadAsync(archive, campaignId);
            Assert.Equal(400, all.Count);
            Assert.Equal(all.Count - kept.Count, answered.Count); // requests answered = rollouts archived
            Assert.Equal(answered.Count, answered.Distinct().Count());
            Assert.Empty(await archive.ListLeasesAsync()); // released at the end
            var state = Assert.Single(await archive.ListCampaignStatesAsync());
            Assert.Equal((CampaignState.Completed, 400), (state.Status, state.Planned));
        }
    }
}
