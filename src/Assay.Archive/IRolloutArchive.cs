using Assay.Core;

namespace Assay.Archive;

/// <summary>
/// The append-only store of campaigns and rollouts. Two implementations share one schema: SQLite (default)
/// and PostgreSQL. Appending a rollout whose id is already stored is a no-op, so a resumed campaign
/// can never duplicate one.
/// </summary>
public interface IRolloutArchive : IAsyncDisposable
{
    /// <summary>Stores a campaign; storing the same id again is a no-op.</summary>
    Task SaveCampaignAsync(Campaign campaign, CancellationToken cancellationToken = default);

    /// <summary>The campaign with this id, or null.</summary>
    Task<Campaign?> GetCampaignAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>All campaigns, newest first.</summary>
    Task<IReadOnlyList<Campaign>> ListCampaignsAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends rollouts in one transaction; ids already stored are skipped.</summary>
    Task AppendAsync(IReadOnlyList<Rollout> rollouts, CancellationToken cancellationToken = default);

    /// <summary>Ids of the rollouts already stored for a campaign (what a resumed campaign skips).</summary>
    Task<IReadOnlySet<string>> GetRolloutIdsAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Every rollout of a campaign, in (problem, sample index) order.</summary>
    IAsyncEnumerable<Rollout> ReadRolloutsAsync(string campaignId, CancellationToken cancellationToken = default);
}
