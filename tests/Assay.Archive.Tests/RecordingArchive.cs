using System.Collections.Concurrent;
using Assay.Core;

namespace Assay.Archive.Tests;

/// <summary>A real archive with a window on it: records the size of every batch appended, and can be told
/// to fail the next append.</summary>
public sealed class RecordingArchive(IRolloutArchive inner) : IRolloutArchive
{
    public ConcurrentQueue<int> Batches { get; } = new();

    public Exception? FailNextAppendWith { get; set; }

    public Task SaveCampaignAsync(Campaign campaign, IReadOnlyList<Problem> problems, CancellationToken cancellationToken = default) =>
        inner.SaveCampaignAsync(campaign, problems, cancellationToken);

    public Task<IReadOnlyList<Problem>> GetProblemsAsync(string campaignId, CancellationToken cancellationToken = default) =>
        inner.GetProblemsAsync(campaignId, cancellationToken);

    public Task AppendLedgerAsync(LedgerEntry entry, CancellationToken cancellationToken = default) => inner.AppendLedgerAsync(entry, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string runId, CancellationToken cancellationToken = default) => inner.ReadLedgerAsync(runId, cancellationToken);

    public Task<Campaign?> GetCampaignAsync(string campaignId, CancellationToken cancellationToken = default) => inner.GetCampaignAsync(campaignId, cancellationToken);

    public Task<IReadOnlyList<Campaign>> ListCampaignsAsync(CancellationToken cancellationToken = default) => inner.ListCampaignsAsync(cancellationToken);

    public Task AppendAsync(IReadOnlyList<Rollout> rollouts, CancellationToken cancellationToken = default)
    {
        if (FailNextAppendWith is { } failure)
        {
            FailNextAppendWith = null;
            return Task.FromException(failure);
        }

        Batches.Enqueue(rollouts.Count);
        return inner.AppendAsync(rollouts, cancellationToken);
    }

    public Task<IReadOnlySet<string>> GetRolloutIdsAsync(string campaignId, CancellationToken cancellationToken = default) => inner.GetRolloutIdsAsync(campaignId, cancellationToken);

    public IAsyncEnumerable<Rollout> ReadRolloutsAsync(string campaignId, CancellationToken cancellationToken = default) => inner.ReadRolloutsAsync(campaignId, cancellationToken);

    public Task<IReadOnlyList<ArchivedAttempt>> GetAttemptsAsync(string campaignId, CancellationToken cancellationToken = default) => inner.GetAttemptsAsync(campaignId, cancellationToken);

    public Task SetMaxCostAsync(string campaignId, decimal? maxCost, CancellationToken cancellationToken = default) => inner.SetMaxCostAsync(campaignId, maxCost, cancellationToken);

    public IAsyncEnumerable<Rollout> ReadAllAttemptsAsync(string campaignId, CancellationToken cancellationToken = default) => inner.ReadAllAttemptsAsync(campaignId, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    public Task<CampaignLeaseHolder> TakeLeaseAsync(string campaignId, CampaignLeaseClaim claim, string? replacing = null, CancellationToken cancellationToken = default) =>
        inner.TakeLeaseAsync(campaignId, claim, replacing, cancellationToken);

    public Task<bool> RenewLeaseAsync(string campaignId, string token, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
        inner.RenewLeaseAsync(campaignId, token, timeToLive, cancellationToken);

    public Task ReleaseLeaseAsync(string campaignId, string token, CancellationToken cancellationToken = default) =>
        inner.ReleaseLeaseAsync(campaignId, token, cancellationToken);

    public Task<IReadOnlyList<CampaignLeaseHolder>> ListLeasesAsync(CancellationToken cancellationToken = default) => inner.ListLeasesAsync(cancellationToken);

    public Task SetCampaignStateAsync(CampaignState state, CancellationToken cancellationToken = default) => inner.SetCampaignStateAsync(state, cancellationToken);

    public Task<IReadOnlyList<CampaignState>> ListCampaignStatesAsync(CancellationToken cancellationToken = default) => inner.ListCampaignStatesAsync(cancellationToken);
}
