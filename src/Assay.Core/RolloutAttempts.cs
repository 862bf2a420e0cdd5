namespace Assay.Core;

/// <summary>
/// The one rule for which attempt of a (campaign, problem, sample) slot counts: the latest attempt that is not an
/// infrastructure failure; a slot with nothing but infrastructure failures is represented by its latest one (so it is
/// still counted as lost). Earlier attempts stay archived (append-only) but are history, not samples.
/// </summary>
public static class RolloutAttempts
{
    /// <summary>True when <paramref name="candidate"/> should represent its slot instead of <paramref name="current"/>.</summary>
    public static bool Supersedes(Rollout candidate, Rollout current)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(current);
        var candidateLost = candidate.Verdict.Status == VerdictStatus.Infrastructure;
        var currentLost = current.Verdict.Status == VerdictStatus.Infrastructure;
        return candidateLost == currentLost ? candidate.Attempt > current.Attempt : currentLost;
    }

    /// <summary>One rollout per slot, from rollouts ordered by slot (campaign, problem, sample index), in that order.</summary>
    public static async IAsyncEnumerable<Rollout> CurrentAsync(IAsyncEnumerable<Rollout> orderedBySlot)
    {
        ArgumentNullException.ThrowIfNull(orderedBySlot);
        Rollout? held = null;
        await foreach (var rollout in orderedBySlot.ConfigureAwait(false))
        {
            if (held is not null && !SameSlot(held, rollout))
            {
                yield return held;
                held = null;
            }

            if (held is null || Supersedes(rollout, held))
            {
                held = rollout;
            }
        }

        if (held is not null)
        {
            yield return held;
        }
    }

    /// <summary>One rollout per slot, in any order.</summary>
    public static IReadOnlyList<Rollout> Current(IEnumerable<Rollout> rollouts)
    {
        ArgumentNullException.ThrowIfNull(rollouts);
        var current = new Dictionary<(string, string, int), Rollout>();
        var order = new List<(string, string, int)>();
        foreach (var rollout in rollouts)
        {
            var slot = (rollout.CampaignId, rollout.ProblemId, rollout.SampleIndex);
            if (!current.TryGetValue(slot, out var held))
            {
                order.Add(slot);
                current[slot] = rollout;
            }
            else if (Supersedes(rollout, held))
            {
                current[slot] = rollout;
            }
        }

        return [.. order.Select(slot => current[slot])];
    }

    private static bool SameSlot(Rollout a, Rollout b) =>
        a.SampleIndex == b.SampleIndex
        && string.Equals(a.ProblemId, b.ProblemId, StringComparison.Ordinal)
        && string.Equals(a.CampaignId, b.CampaignId, StringComparison.Ordinal);
}
