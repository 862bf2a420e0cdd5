using Assay.Testing;
using NATS.Client.JetStream.Models;
using Xunit.Abstractions;

namespace Assay.Cluster.Tests;

/// <summary>The coordinator publishes a campaign a window at a time: the stream holds at most <c>--publish-window</c> of
/// its chunks whatever the campaign's size. Real worker process, nats-server, PostgreSQL and loopback model service.</summary>
public sealed class PublishWindowTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_campaign_fifteen_times_the_window_completes_with_every_slot_while_the_stream_never_holds_more_than_the_window()
    {
        await using var bed = await ClusterTestBed.StartAsync();
        await using var service = await OpenAiCompatibleServer.StartAsync(_ => "42", latency: TimeSpan.FromMilliseconds(10));

        // 30 problems × 4 samples in chunks of 2: 60 chunks, 15 windows of 4.
        const int Window = 4;
        const int Planned = 120;
        string[] cluster = ["--chunk-size", "2", "--ack-wait", "5"];
        var coordinator = bed.StartCoordinator(["--model", $"openai:m@{service.BaseUrl}", "--suite", "arithmetic", "--limit", "30", "-n", "4", "--seed", "7",
            "--publish-window", $"{Window}", .. cluster]);
        var campaign = await ClusterTestBed.CampaignOfAsync(coordinator, Patience);
        var subject = ClusterNames.SlotsSubject(campaign);

        await using var nats = await bed.ConnectAsync();
        async Task<long> HeldAsync()
        {
            var info = await nats.JetStream.GetStreamAsync(ClusterNames.SlotsStream, new StreamInfoRequest { SubjectsFilter = subject });
            return info.Info.State.Subjects is { } counts && counts.TryGetValue(subject, out var count) ? (long)count : 0;
        }

        // No worker yet: the coordinator fills the window and stops there (publishing everything would hold 60).
        var most = 0L;
        await ClusterTestBed.WaitForAsync(async () => (most = Math.Max(most, await HeldAsync())) >= Window, Patience, "the window filled");
        await Task.Delay(500);
        most = Math.Max(most, await HeldAsync());

        // One worker takes chunks while the coordinator tops the window up; the stream is sampled until the end.
        bed.StartWorker(["--lanes", "2", "--concurrency", "2", "--sandboxes", "1", .. cluster]);
        var samples = 0;
        while (!coordinator.HasExited)
        {
            most = Math.Max(most, await HeldAsync());
            samples++;
            await Task.Delay(10);
        }

        var exit = await coordinator.WaitAsync(Patience);
        Assert.True(exit == 0, $"coordinator exit {exit}\n{coordinator.Output}\n{coordinator.Error}");
        var summary = ClusterTestBed.SummaryOf(coordinator);
        output.WriteLine($"most chunks in the stream: {most} sampled ({samples} samples), {summary.GetProperty("most_chunks_in_stream").GetInt64()} by the coordinator");
        Assert.Equal(Window, most);
        Assert.Equal(Window, summary.GetProperty("most_chunks_in_stream").GetInt64());
        Assert.Equal("completed", summary.GetProperty("status").GetString());
        Assert.Equal(Planned, summary.GetProperty("archived").GetInt64());
        Assert.Equal((Planned, Planned), await bed.CountAsync(campaign));
        Assert.Equal(0, await HeldAsync());
    }

    [Fact]
    public async Task A_campaign_interrupted_and_resumed_within_the_streams_duplicate_window_still_completes()
    {
        await using var bed = await ClusterTestBed.StartAsync();
        await using var service = await OpenAiCompatibleServer.StartAsync(_ => "42");
        string[] cluster = ["--chunk-size", "2", "--ack-wait", "5", "--publish-window", "4"];
        var first = bed.StartCoordinator(["--model", $"openai:m@{service.BaseUrl}", "--suite", "arithmetic", "--limit", "5", "-n", "2", "--seed", "7", .. cluster]);
        var campaign = await ClusterTestBed.CampaignOfAsync(first, Patience);
        var subject = ClusterNames.SlotsSubject(campaign);
        await ClusterTestBed.WaitForAsync(async () => await bed.MessagesAsync(ClusterNames.SlotsStream, subject) == 4, Patience, "the window filled");

        // Interrupted before any worker took a chunk: its chunks are purged. The resume, seconds later, publishes chunks
        // that begin with the same rollouts; were they taken for the purged ones, the stream would refuse them as duplicates.
        await first.TerminateAsync();
        Assert.NotEqual(0, await first.WaitAsync(Patience));
        Assert.Equal(0, await bed.MessagesAsync(ClusterNames.SlotsStream, subject));
        var resumed = bed.StartCoordinator(["--resume", campaign, .. cluster]);
        bed.StartWorker(["--lanes", "2", "--concurrency", "2", "--sandboxes", "1", "--chunk-size", "2", "--ack-wait", "5"]);
        var exit = await resumed.WaitAsync(Patience);
        Assert.True(exit == 0, $"coordinator exit {exit}\n{resumed.Output}\n{resumed.Error}");
        Assert.Equal((10, 10), await bed.CountAsync(campaign));
    }
}
