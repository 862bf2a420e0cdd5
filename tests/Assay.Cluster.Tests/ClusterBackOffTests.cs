using Assay.Rollouts;
using Assay.Testing;
using Microsoft.Extensions.AI;

namespace Assay.Cluster.Tests;

/// <summary>The adaptive concurrency's back-off held for the cluster: two workers' pipelines, each on its own connection
/// to a real nats-server, sending to one loopback service that answers 429 to one of them only.</summary>
public sealed class ClusterBackOffTests
{
    private const int Concurrency = 8;

    [Fact]
    public async Task A_429_seen_by_one_worker_lowers_the_concurrency_of_another_worker_whose_requests_are_answered()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var nats = await TemporaryNatsServer.StartAsync(timeout.Token);
        await using var upstream = await OpenAiCompatibleServer.StartAsync(_ => "42");

        // The service is overloaded for the worker asking for model "hit" only; "spared" is always answered.
        await using var service = await FaultInjectingProxy.StartAsync(upstream.BaseUrl,
            (_, request) => request.Model == "hit" ? new Fault(FaultKind.RateLimited, 0) : Fault.None, timeout.Token);
        var hitSpec = ModelSpec.Parse($"openai:hit@{service.BaseUrl}");
        var sparedSpec = ModelSpec.Parse($"openai:spared@{service.BaseUrl}");
        Assert.Equal(ServiceKey.Of(hitSpec), ServiceKey.Of(sparedSpec));

        await using var hit = await Worker.StartAsync(nats.Url, hitSpec, timeout.Token);
        await using var spared = await Worker.StartAsync(nats.Url, sparedSpec, timeout.Token);

        await spared.Client.GetResponseAsync("1+1", cancellationToken: timeout.Token);
        Assert.Equal(Concurrency, spared.Limiter.CurrentLimit);

        // One 429 to the hit worker halves its limit, and the spared worker's too, though every answer it got was a 200.
        await Assert.ThrowsAnyAsync<Exception>(() => hit.Client.GetResponseAsync("1+1", cancellationToken: timeout.Token));
        Assert.Equal(Concurrency / 2, hit.Limiter.CurrentLimit);
        await WaitForAsync(() => spared.Limiter.CurrentLimit == Concurrency / 2, timeout.Token);
        Assert.Equal(1, spared.BackOff.Received);

        // Each new 429 is a new epoch: both halve again. The hit worker never follows its own epochs (no double back-off).
        await Assert.ThrowsAnyAsync<Exception>(() => hit.Client.GetResponseAsync("2+2", cancellationToken: timeout.Token));
        await WaitForAsync(() => spared.Limiter.CurrentLimit == Concurrency / 4, timeout.Token);
        await Task.Delay(200, timeout.Token);
        Assert.Equal(Concurrency / 4, hit.Limiter.CurrentLimit);
        Assert.Equal(Concurrency / 4, spared.Limiter.CurrentLimit);
        Assert.Equal((2, 0), (hit.BackOff.Published, hit.BackOff.Received));
        Assert.Equal((0, 2), (spared.BackOff.Published, spared.BackOff.Received));
    }

    [Fact]
    public async Task A_worker_that_starts_after_a_back_off_starts_at_its_maximum()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var nats = await TemporaryNatsServer.StartAsync(timeout.Token);
        await using var upstream = await OpenAiCompatibleServer.StartAsync(_ => "42");
        await using var service = await FaultInjectingProxy.StartAsync(upstream.BaseUrl, (_, _) => new Fault(FaultKind.RateLimited, 0), timeout.Token);
        var spec = ModelSpec.Parse($"openai:m@{service.BaseUrl}");
        await using (var first = await Worker.StartAsync(nats.Url, spec, timeout.Token))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => first.Client.GetResponseAsync("1+1", cancellationToken: timeout.Token));
            await WaitForAsync(() => first.BackOff.Published == 1, timeout.Token);
        }

        await using var later = await Worker.StartAsync(nats.Url, spec, timeout.Token);
        await Task.Delay(300, timeout.Token);
        Assert.Equal(Concurrency, later.Limiter.CurrentLimit);
        Assert.Equal(0, later.BackOff.Received);
    }

    /// <summary>Waits up to 10 s for <paramref name="condition"/> (the watch delivers in milliseconds).</summary>
    private static async Task WaitForAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within 10 s");
            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>What a worker composes for a campaign, as far as the back-off goes: its own NATS connection, a policy
    /// with the adaptive concurrency (no retries, so each 429 reaches the test), and the shared back-off.</summary>
    private sealed class Worker(ClusterConnection cluster, HttpClient http, IChatClient client, AimdConcurrencyLimiter limiter, ClusterBackOff backOff)
        : IAsyncDisposable
    {
        public IChatClient Client => client;

        public AimdConcurrencyLimiter Limiter => limiter;

        public ClusterBackOff BackOff => backOff;

        public static async Task<Worker> StartAsync(string url, ModelSpec spec, CancellationToken cancellationToken)
        {
            var http = PolicyFactory.CreateHttpClient(Concurrency);
            var cluster = await ClusterConnection.OpenAsync(url, spec.ToString(), new ClusterOptions(), cancellationToken);
            var client = new ChatClientBuilder(new PolicyFactory(http, _ => null).Create(spec)).UseAdaptiveConcurrency(Concurrency).Build();
            var limiter = client.GetService<AimdConcurrencyLimiter>()!;
            var backOff = await ClusterBackOff.StartAsync(cluster.Limits, ServiceKey.Of(spec), limiter, TimeProvider.System, cancellationToken);
            return new Worker(cluster, http, client, limiter, backOff);
        }

        public async ValueTask DisposeAsync()
        {
            await backOff.DisposeAsync();
            client.Dispose();
            http.Dispose();
            await cluster.DisposeAsync();
        }
    }
}
