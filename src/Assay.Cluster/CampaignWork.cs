using System.Globalization;
using Assay.Archive;
using Assay.Core;
using Assay.Rollouts;
using Microsoft.Extensions.AI;

namespace Assay.Cluster;

/// <summary>What a worker holds for one campaign it works on: the campaign, its policy pipeline (one per campaign, shared
/// by the worker's lanes, so the concurrency limit is the worker's) and the single-machine engine that runs its chunks.</summary>
internal sealed class CampaignWork : IAsyncDisposable
{
    private readonly IChatClient _policy;
    private readonly ClusterRateLimiter? _requests;
    private readonly ClusterRateLimiter? _tokens;
    private readonly ClusterBackOff _backOff;

    private CampaignWork(Campaign campaign, IChatClient policy, CampaignRunner runner, ModelPrice? price,
        ClusterRateLimiter? requests, ClusterRateLimiter? tokens, ClusterBackOff backOff)
    {
        _backOff = backOff;
        Campaign = campaign;
        _policy = policy;
        Runner = runner;
        Price = price;
        _requests = requests;
        _tokens = tokens;
    }

    public Campaign Campaign { get; }

    public CampaignRunner Runner { get; }

    /// <summary>The campaign's price, when it has one (its worst cases are reserved against the budget).</summary>
    public ModelPrice? Price { get; }

    public static async Task<CampaignWork> CreateAsync(
        ClusterConnection cluster, IRolloutArchive archive, string campaignId, WorkerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var campaign = await archive.GetCampaignAsync(campaignId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"campaign {campaignId} has chunks in the stream but is not in the archive");
        var state = cluster.Campaign(campaignId);

        // A generate worker scores nothing, so its verifier does not matter; the verify workers are checked instead.
        var pinned = options.Role == WorkerRole.Generate ? "none here (answers handed to verify workers)" : await PinAsync(state, campaignId, options, cancellationToken).ConfigureAwait(false);

        var spec = ModelSpec.Parse(campaign.Model);
        var price = ModelPrice.Of(campaign.EffectiveBudget);
        var limits = await state.ReadAsync(ClusterLimits.Key, cancellationToken).ConfigureAwait(false) is { } text ? ClusterLimits.Parse(text) : ClusterLimits.None;
        var service = ServiceKey.Of(spec);
        var requests = limits.RequestsPerMinute is { } rpm ? Limiter(cluster, $"rpm.{service}", RateWindowShape.PerMinute(rpm), time) : null;
        var tokens = limits.TokensPerMinute is { } tpm ? Limiter(cluster, $"tpm.{service}", RateWindowShape.PerMinute(tpm), time) : null;
        var bare = await options.CreateClient(spec, cancellationToken).ConfigureAwait(false);

        // The single-machine composition (PolicyPipeline) with the cluster's shared limits in place of this process's
        // own, and no budget step: the budget is reserved per chunk across the cluster (ClusterBudget).
        var seed = campaign.Settings.Seed ?? campaignId.GetHashCode(StringComparison.Ordinal);
        var builder = new ChatClientBuilder(bare)
            .UseCostAccounting(price ?? ModelPrice.Free)
            .UseRetries(new RetryOptions { MaxAttempts = options.MaxAttempts }, time, new Random(seed))
            .UseAdaptiveConcurrency(options.Concurrency)
            .UseClusterRateLimits(requests, tokens, time);
        if (campaign.Settings.TopLogprobs is { } top)
        {
            builder.UseLogprobs(top);
        }

        var policy = builder.Build();

        // One worker's 429 lowers every worker's concurrency towards the service.
        var backOff = await ClusterBackOff.StartAsync(cluster.Limits, service, policy.GetService<AimdConcurrencyLimiter>()!, time, cancellationToken)
            .ConfigureAwait(false);
        var runner = options.Role == WorkerRole.Generate
            ? new CampaignRunner(policy, new HandOffVerifier(), new VerificationHandOff(archive, cluster.JetStream), time)
            : new CampaignRunner(policy, options.Verifier!, archive, time);
        options.Log(string.Create(CultureInfo.InvariantCulture,
            $"campaign {campaignId}: {campaign.Model}, verifier {pinned}, limits rpm {limits.RequestsPerMinute?.ToString(CultureInfo.InvariantCulture) ?? "-"} tpm {limits.TokensPerMinute?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));
        return new CampaignWork(campaign, policy, runner, price, requests, tokens, backOff);
    }

    public async ValueTask DisposeAsync()
    {
        await _backOff.DisposeAsync().ConfigureAwait(false);

        // Disposing the pipeline disposes the bare client.
        _policy.Dispose();
        _requests?.Dispose();
        _tokens?.Dispose();
    }

    /// <summary>Pins this worker's verifier as the campaign's if none is pinned yet; refuses the campaign if another is.</summary>
    internal static async Task<string> PinAsync(SharedCampaignState state, string campaignId, WorkerOptions options, CancellationToken cancellationToken)
    {
        var identity = options.VerifierIdentity ?? throw new InvalidOperationException("a worker that verifies needs a verifier identity");
        var pinned = await state.PinVerifierAsync(identity, cancellationToken).ConfigureAwait(false);
        return pinned == identity ? pinned : throw new VerifierMismatchException(campaignId, pinned, identity);
    }

    /// <summary>A limiter leasing a quarter of a window's permits per round trip (at most 64): few round trips, and little
    /// left unused when the window ends.</summary>
    private static ClusterRateLimiter Limiter(ClusterConnection cluster, string key, RateWindowShape shape, TimeProvider time) =>
        new(cluster.Limits, key, shape, Math.Clamp(shape.Permits / 4, 1, 64), time);
}
