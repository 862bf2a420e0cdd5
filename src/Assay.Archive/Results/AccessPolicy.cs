using Assay.Core;

namespace Assay.Archive.Results;

/// <summary>
/// What each tier may see: the one place this is decided. Public: aggregates over rollouts past the embargo and,
/// one by one, only the positive rollouts past it, each by its own time (so a long campaign releases its rollouts
/// as they age); negative rollouts are never public. Subscriber: everything, at once. Admin: what a subscriber sees,
/// and keys and the audit log. The result is a <see cref="RolloutVisibility"/>, which every query of
/// <see cref="ResultsArchive"/> writes into its SQL, so nothing is filtered after it is read.
/// </summary>
public static class AccessPolicy
{
    /// <summary>How long a positive rollout stays for subscribers only.</summary>
    public static readonly TimeSpan DefaultEmbargo = TimeSpan.FromDays(90);

    /// <summary>What <paramref name="tier"/> sees of the archive at <paramref name="now"/>.</summary>
    public static RolloutVisibility VisibilityOf(Tier tier, DateTimeOffset now, TimeSpan embargo) => tier switch
    {
        Tier.Public => RolloutVisibility.ReleasedBy(now - embargo),
        Tier.Subscriber or Tier.Admin => RolloutVisibility.Everything,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown tier."),
    };

    /// <summary>
    /// Whether a caller of <paramref name="tier"/> (<paramref name="hasKey"/>: it presented a working key) may call an
    /// endpoint of <paramref name="access"/>; <paramref name="keysRequired"/>: the server was started with keys.
    /// </summary>
    public static bool Allows(ServiceAccess access, Tier tier, bool hasKey, bool keysRequired) => access switch
    {
        ServiceAccess.Anyone => true,
        ServiceAccess.KeyHolders => hasKey || !keysRequired,
        ServiceAccess.Admin => hasKey && tier == Tier.Admin,
        _ => false,
    };
}
