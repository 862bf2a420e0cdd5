using System.Text.Json;
using Assay.Archive;
using Assay.Core;
using NATS.Client.JetStream;

namespace Assay.Cluster;

/// <summary>
/// The archive as a generate worker's campaign engine sees it: every call goes to the real archive, except that
/// rollouts marked <see cref="HandOffVerifier.Pending"/> are published to the verify stream instead of being stored,
/// one message each, its id the rollout's (so JetStream drops a copy published again within its duplicate window, and a
/// verify worker's archive skips one published later). An append returns once JetStream has stored every message, so a
/// chunk acknowledged after its rollouts are appended loses none of them.
/// </summary>
internal sealed class VerificationHandOff(IRolloutArchive inner, NatsJSContext jetStream) : IRolloutArchive
{
    public async Task AppendAsync(IReadOnlyList<Rollout> rollouts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rollouts);
        var scored = rollouts.Where(r => !ReferenceEquals(r.Verdict, HandOffVerifier.Pending)).ToList();
        await Task.WhenAll(rollouts.Where(r => ReferenceEquals(r.Verdict, HandOffVerifier.Pending)).Select(async rollout =>
        {
            var data = JsonSerializer.SerializeToUtf8Bytes(rollout, ClusterJsonContext.Default.Rollout);
            var ack = await jetStream.PublishAsync(ClusterNames.VerifySubject(rollout.CampaignId), data, opts: new NatsJSPubOpts { MsgId = rollout.Id },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            ack.EnsureSuccess();
        })).ConfigureAwait(false);
        if (scored.Count > 0)
        {
            await inner.AppendAsync(scored, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task SaveCampaignAsync(Campaign campaign, IReadOnlyList<Problem> problems, CancellationToken cancellationToken = default) =>
        inner.SaveCampaignAsync(campaign, problems, cancellationToken);

    public Task<IReadOnlyList<Problem>> GetProblemsAsync(string campaignId, CancellationToken cancellationToken = default) =>
        inner.GetProblemsAsync(campaignId, cancellationToken);

    public Task<Campaign?> GetCampaignAsync(string campaignId, CancellationToken cancellationToken = default) => inner.GetCampaignAsync(campaignId, cancellationToken);

    public Task<IReadOnlyList<Campaign>> ListCampaignsAsync(CancellationToken cancellationToken = default) => inner.ListCampaignsAsync(cancellationToken);

    public Task<IReadOnlySet<string>> GetRolloutIdsAsync(string campaignId, CancellationToken cancellationToken = default) =>
        inner.GetRolloutIdsAsync(campaignId, cancellationToken);

    public Task<IReadOnlyList<ArchivedAttempt>> GetAttemptsAsync(string campaignId, CancellationToken cancellationToken = default) =>
        inner.GetAttemptsAsync(campaignId, cancellationToken);

    public Task SetMaxCostAsync(string campaignId, decimal? maxCost, CancellationToken cancellationToken = default) =>
        inner.SetMaxCostAsync(campaignId, maxCost, cancellationToken);

    public IAsyncEnumerable<Rollout> ReadRolloutsAsync(string campaignId, CancellationToken cancellationToken = default) =>
        inner.ReadRolloutsAsync(campaignId, cancellationToken);

    public IAsyncEnumerable<Rollout> ReadAllAttemptsAsync(string campaignId, CancellationToken cancellationToken = default) =>
        inner.ReadAllAttemptsAsync(campaignId, cancellationToken);

    public Task AppendLedgerAsync(LedgerEntry entry, CancellationToken cancellationToken = default) => inner.AppendLedgerAsync(entry, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string runId, CancellationToken cancellationToken = default) => inner.ReadLedgerAsync(runId, cancellationToken);

    public Task<CampaignLeaseHolder> TakeLeaseAsync(string campaignId, CampaignLeaseClaim claim, string? replacing = null, CancellationToken cancellationToken = default) =>
        inner.TakeLeaseAsync(campaignId, claim, replacing, cancellationToken);

    public Task<bool> RenewLeaseAsync(string campaignId, string token, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
        inner.RenewLeaseAsync(campaignId, token, timeToLive, cancellationToken);

    public Task ReleaseLeaseAsync(string campaignId, string token, CancellationToken cancellationToken = default) =>
        inner.ReleaseLeaseAsync(campaignId, token, cancellationToken);

    public Task<IReadOnlyList<CampaignLeaseHolder>> ListLeasesAsync(CancellationToken cancellationToken = default) => inner.ListLeasesAsync(cancellationToken);

    public Task SetCampaignStateAsync(CampaignState state, CancellationToken cancellationToken = default) => inner.SetCampaignStateAsync(state, cancellationToken);

    public Task<IReadOnlyList<CampaignState>> ListCampaignStatesAsync(CancellationToken cancellationToken = default) => inner.ListCampaignStatesAsync(cancellationToken);

    /// <summary>The real archive belongs to the worker, which disposes it.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
