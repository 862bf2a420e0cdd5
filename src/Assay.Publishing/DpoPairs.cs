using Assay.Core;

namespace Assay.Publishing;

/// <summary>Builds DPO pairs: within each (problem, system message, prompt), the i-th passed rollout with the i-th
/// negative one, both in rollout-id order, so each rollout is used at most once and the pairing is reproducible.</summary>
public static class DpoPairs
{
    /// <summary>The verdicts that are the model's failure (not an outage, not a refusal): rejected answers.</summary>
    public static IReadOnlyList<VerdictStatus> NegativeStatuses { get; } =
        [VerdictStatus.Failed, VerdictStatus.Error, VerdictStatus.Timeout, VerdictStatus.Invalid];

    /// <summary>True for a verdict among <see cref="NegativeStatuses"/>: a rejected answer.</summary>
    public static bool IsNegative(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return NegativeStatuses.Contains(verdict.Status);
    }

    /// <summary>The pairs of <paramref name="rollouts"/>, grouped by problem and prompt in ordinal order.</summary>
    public static IReadOnlyList<DpoPair> From(IEnumerable<PublishedRollout> rollouts)
    {
        ArgumentNullException.ThrowIfNull(rollouts);
        var pairs = new List<DpoPair>();
        var groups = rollouts
            .GroupBy(r => (r.Rollout.ProblemId, r.System, r.Prompt))
            .OrderBy(g => g.Key.ProblemId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.System, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Prompt, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var chosen = group.Where(r => r.Rollout.Verdict.Passed).OrderBy(r => r.Rollout.Id, StringComparer.Ordinal);
            var rejected = group.Where(r => IsNegative(r.Rollout.Verdict)).OrderBy(r => r.Rollout.Id, StringComparer.Ordinal);
            pairs.AddRange(chosen.Zip(rejected, (c, r) => new DpoPair(c, r)));
        }

        return pairs;
    }
}
