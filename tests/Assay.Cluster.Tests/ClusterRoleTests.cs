using Assay.Testing;
using Xunit.Abstractions;

namespace Assay.Cluster.Tests;

/// <summary>Generation and verification on separate worker processes (<c>--role generate</c>, <c>--role verify</c>), with a
/// real nats-server, a real PostgreSQL and a loopback model service.</summary>
public sealed class ClusterRoleTests(ITestOutputHelper output)
{
    private const int Problems = 12;
    private const int Samples = 2;
    private const int Planned = Problems * Samples;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_generate_and_a_verify_worker_archive_exactly_the_planned_rollouts_and_a_verify_worker_killed_mid_way_loses_nothing()
    {
        await using var bed = await ClusterTestBed.StartAsync();
        await using var service = await OpenAiCompatibleServer.StartAsync(_ => "def f(x):\n    return 42\n");
        string[] cluster = ["--chunk-size", "4", "--ack-wait", "3"];
        bed.StartWorker(["--role", "generate", "--concurrency", "4", .. cluster]);
        var coordinator = bed.StartCoordinator(["--model", $"openai:m@{service.BaseUrl}", "--suite", "functions", "--limit", $"{Problems}",
            "-n", $"{Samples}", "--seed", "7", .. cluster]);
        var campaign = await ClusterTestBed.CampaignOfAsync(coordinator, Patience);

        // The generate worker asks every slot and hands every answer to the verify stream; it archives none itself.
        var subject = ClusterNames.VerifySubject(campaign);
        await ClusterTestBed.WaitForAsync(async () => await bed.MessagesAsync(ClusterNames.VerifyStream, subject) == Planned, Patience, "answers handed over");
        Assert.Equal(Planned, service.RequestCount);
        Assert.Equal(0, await bed.RowsAsync(campaign));

        // The coordinator's progress says where they are.
        await ClusterTestBed.WaitForAsync(() => Task.FromResult(coordinator.Error.Contains($"0/{Planned} archived", StringComparison.Ordinal)
            && coordinator.Error.Contains($"{Planned} answers to verify", StringComparison.Ordinal)), Patience, "progress naming the answers to verify");

        // One sandbox, one rollout at a time: the first verify worker is killed after its first few archived rollouts.
        var killed = bed.StartWorker(["--role", "verify", "--sandboxes", "1", "--lanes", "1", .. cluster]);
        await ClusterTestBed.WaitForAsync(async () => await bed.RowsAsync(campaign) >= 3, Patience, "first verified rollouts");
        killed.KillHard();
        var archivedByKilled = await bed.RowsAsync(campaign);
        Assert.InRange(archivedByKilled, 3, Planned - 1);
        bed.StartWorker(["--role", "verify", "--sandboxes", "2", .. cluster]);

        var exit = await coordinator.WaitAsync(Patience);
        Assert.True(exit == 0, $"coordinator exit {exit}\n{coordinator.Output}\n{coordinator.Error}");
        var summary = ClusterTestBed.SummaryOf(coordinator);
        Assert.Equal("completed", summary.GetProperty("status").GetString());
        Assert.Equal(Planned, summary.GetProperty("archived").GetInt64());
        Assert.Equal((Planned, Planned), await bed.CountAsync(campaign));
        Assert.Equal(0, await bed.MessagesAsync(ClusterNames.VerifyStream, subject));

        // Every verdict is the sandbox's, none the hand-off's mark; the campaign is pinned to that verifier.
        var sandboxVerdicts = await bed.ScalarAsync<long>("SELECT count(*) FROM rollouts WHERE campaign_id = @c AND verdict_verifier LIKE 'python-sandbox%'", campaign);
        Assert.Equal(Planned, sandboxVerdicts);
        Assert.StartsWith("python-sandbox", summary.GetProperty("verifier").GetString(), StringComparison.Ordinal);
        Assert.Equal(Planned, service.RequestCount);
        output.WriteLine($"{archivedByKilled} archived by the verify worker killed; {Planned} rows at the end, {service.RequestCount} requests");
    }
}
