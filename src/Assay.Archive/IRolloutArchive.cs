using Assay.Core;

namespace Assay.Archive;

/// <summary>
/// The append-only store of campaigns and rollouts. Two implementations share one schema: SQLite (default)
/// and PostgreSQL. Appending a rollout whose id is already stored is a no-op, so a resumed campaign
/// can never duplicate one.
/// </summary>
public interface IRolloutArchive : IAsyncDisposable
{
    /// <summary>Stores a campaign and the problems it runs, in the order it runs them, in one transaction; storing the same
    /// id again is a no-op, except that problems not stored yet are added (a campaign archived before problems were
    /// stored gets them when it resumes).</summary>
    Task SaveCampaignAsync(Campaign campaign, IReadOnlyList<Problem> problems, CancellationToken cancellationToken = default);

    /// <summary>The problems stored with a campaign, in the order it runs them (prompt, check, release date): what
    /// reports, reverify and the results service read instead of a suite file. Empty for an unknown campaign and for
    /// one archived before problems were stored that has not been resumed since.</summary>
    Task<IReadOnlyList<Problem>> GetProblemsAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>The campaign with this id, or null.</summary>
    Task<Campaign?> GetCampaignAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>All campaigns, newest first.</summary>
    Task<IReadOnlyList<Campaign>> ListCampaignsAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends rollouts in one transaction; ids already stored are skipped.</summary>
    Task AppendAsync(IReadOnlyList<Rollout> rollouts, CancellationToken cancellationToken = default);

    /// <summary>Ids of every rollout stored for a campaign, every attempt included.</summary>
    Task<IReadOnlySet<string>> GetRolloutIdsAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Every archived attempt of a campaign, in no particular order (what a resumed campaign plans from).</summary>
    Task<IReadOnlyList<ArchivedAttempt>> GetAttemptsAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Changes the spending limit stored with a campaign (a resume that raises it); the price is kept.</summary>
    Task SetMaxCostAsync(string campaignId, decimal? maxCost, CancellationToken cancellationToken = default);

    /// <summary>The rollout that counts for each slot of a campaign (<see cref="RolloutAttempts"/>: its latest attempt
    /// that is not an infrastructure failure), in (problem, sample index) order. What reports and reverify read.</summary>
    IAsyncEnumerable<Rollout> ReadRolloutsAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Every archived attempt of a campaign, earlier attempts included, in (problem, sample index, attempt) order.</summary>
    IAsyncEnumerable<Rollout> ReadAllAttemptsAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Stores one round of a training run on the compute ledger; a round already stored is kept as it is.</summary>
    Task AppendLedgerAsync(LedgerEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Every stored round of a training run, in round order (empty for an unknown run).</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Takes the lease of a campaign for <paramref name="claim"/> when nobody holds it, its expiry has passed by the
    /// database's clock, or it is still held by <paramref name="replacing"/> (a holder known to be gone); returns whoever
    /// holds it afterwards (the claim's token when taken). See <see cref="CampaignLease"/>.</summary>
    Task<CampaignLeaseHolder> TakeLeaseAsync(string campaignId, CampaignLeaseClaim claim, string? replacing = null, CancellationToken cancellationToken = default);

    /// <summary>Pushes a held lease's expiry on by <paramref name="timeToLive"/>; false when <paramref name="token"/> no longer holds it.</summary>
    Task<bool> RenewLeaseAsync(string campaignId, string token, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Gives a lease up, if <paramref name="token"/> still holds it.</summary>
    Task ReleaseLeaseAsync(string campaignId, string token, CancellationToken cancellationToken = default);

    /// <summary>Every campaign lease recorded, held or left behind by a process that died.</summary>
    Task<IReadOnlyList<CampaignLeaseHolder>> ListLeasesAsync(CancellationToken cancellationToken = default);

    /// <summary>Records what a run says of its campaign (running, completed, stopped and why), replacing the previous word.</summary>
    Task SetCampaignStateAsync(CampaignState state, CancellationToken cancellationToken = default);

    /// <summary>The recorded state of every campaign that has one (campaigns run before migration 7 have none).</summary>
    Task<IReadOnlyList<CampaignState>> ListCampaignStatesAsync(CancellationToken cancellationToken = default);
}
