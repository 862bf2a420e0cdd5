using Assay.Core;
using Assay.Verification;

namespace Assay.Rollouts;

/// <summary>
/// Re-scores archived completions with today's verifier (<c>assay reverify</c>), so an archived reward can be audited
/// and a verifier change shows its effect on old campaigns. Nothing is written back: the archive is append-only.
/// </summary>
public static class Reverification
{
    /// <summary>True when <paramref name="rollout"/> has a verdict to check: an infrastructure failure (the service or
    /// the verifier failed when it was archived) or a refused request never scored the model's answer, so there is
    /// nothing to compare. Read rollouts with <c>IRolloutArchive.ReadRolloutsAsync</c>, which gives each slot's latest
    /// attempt that is not an infrastructure failure.</summary>
    public static bool IsRescorable(Rollout rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        return !RolloutFailures.IsNotASample(rollout.Verdict);
    }

    /// <summary>Scores each rollout's completion again, exactly as a campaign does (answer extraction, then
    /// <paramref name="verifier"/>), <paramref name="concurrency"/> at a time.</summary>
    /// <param name="verifier">Today's verifier.</param>
    /// <param name="rollouts">Rescorable rollouts (<see cref="IsRescorable"/>).</param>
    /// <param name="problems">The problems by id; every rollout's problem must be among them.</param>
    /// <param name="concurrency">Verifications in flight at once.</param>
    /// <param name="progress">Receives the number of rollouts re-scored so far.</param>
    /// <param name="cancellationToken">Stops the re-scoring.</param>
    /// <returns>One result per rollout, in the order given.</returns>
    public static async Task<IReadOnlyList<Rescored>> RescoreAsync(
        IVerifier verifier,
        IReadOnlyList<Rollout> rollouts,
        IReadOnlyDictionary<string, Problem> problems,
        int concurrency,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(rollouts);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        foreach (var rollout in rollouts)
        {
            if (!IsRescorable(rollout))
            {
                throw new ArgumentException($"Rollout {rollout.Id} is an infrastructure failure or a refused request: it has no verdict to check.", nameof(rollouts));
            }

            if (!problems.ContainsKey(rollout.ProblemId))
            {
                throw new ArgumentException($"Rollout {rollout.Id} answers problem '{rollout.ProblemId}', which is not among the problems given.", nameof(problems));
            }
        }

        var results = new Rescored[rollouts.Count];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, rollouts.Count), options, async (i, ct) =>
        {
            var rollout = rollouts[i];
            var verdict = await AnswerScoring.ScoreAsync(verifier, problems[rollout.ProblemId], rollout.Completion, ct).ConfigureAwait(false);
            results[i] = new Rescored(rollout, verdict);
            progress?.Report(Interlocked.Increment(ref done));
        }).ConfigureAwait(false);
        return results;
    }
}
