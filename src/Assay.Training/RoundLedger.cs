using Assay.Archive;
using Assay.Core;
using Assay.Nano;
using Assay.Verification;

namespace Assay.Training;

/// <summary>
/// Closes the rounds of one training run: evaluates the round's model on the held-out split and charges the round to
/// the compute ledger in the archive (<see cref="LedgerEntry"/>). The ledger is also where a run resumes from.
/// </summary>
internal sealed class RoundLedger(
    IRolloutArchive archive, IVerifier verifier, TimeProvider time, string runId, string route,
    IReadOnlyList<Problem> heldOut, int evalSamples, double temperature, int seed)
{
    /// <summary>
    /// The model to continue from, its checkpoint and the last round recorded: the start (after recording its evaluation
    /// as round 0) for a new run, else the checkpoint of the run's last recorded round.
    /// </summary>
    public async Task<(NanoModel Model, string Checkpoint, int Round)> ResumeAsync(
        (NanoModel Model, string Checkpoint) start, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var recorded = await archive.ReadLedgerAsync(runId, cancellationToken).ConfigureAwait(false);
        if (recorded.Count == 0)
        {
            var model = start.Model.Clone();
            await RecordAsync(0, model, start.Checkpoint, null, [], null, 0, time.GetTimestamp(), progress, cancellationToken).ConfigureAwait(false);
            return (model, start.Checkpoint, 0);
        }

        var last = recorded[^1];
        if (last.Route != route)
            throw new ArgumentException($"Run '{runId}' in the archive is a {last.Route} run, not {route}; choose another run id.");
        return (await NanoCheckpoint.LoadAsync(last.Checkpoint, cancellationToken).ConfigureAwait(false), last.Checkpoint, last.Round);
    }

    /// <summary>Evaluates <paramref name="model"/> and appends the round to the ledger.</summary>
    /// <param name="round">The round.</param>
    /// <param name="model">The round's model.</param>
    /// <param name="checkpoint">Where it is saved.</param>
    /// <param name="campaignId">The round's rollout campaign, if any.</param>
    /// <param name="rollouts">The round's rollouts (sampling FLOPs, verifier seconds, successes).</param>
    /// <param name="trained">What the trainer did, if it ran.</param>
    /// <param name="teacherFlops">A live teacher's forward passes, charged here and shown apart.</param>
    /// <param name="started">Timestamp the round started at (wall seconds run to the start of its evaluation).</param>
    /// <param name="progress">Reports the evaluation.</param>
    /// <param name="cancellationToken">Stops the evaluation; nothing is recorded then.</param>
    public async Task<LedgerEntry> RecordAsync(
        int round, NanoModel model, string checkpoint, string? campaignId, IReadOnlyList<Rollout> rollouts, TrainingResult? trained,
        double teacherFlops, long started, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        // Wall time is the round's work; the held-out evaluation is measurement, not spent on improving the model.
        double wall = time.GetElapsedTime(started).TotalSeconds;
        var report = progress is null ? null : new Progress<int>(done => progress.Report(new RunProgress($"held-out pass@1, round {round}", done, heldOut.Count)));
        var score = await PassAtOneEvaluation.ScoreAsync(model, heldOut, verifier, evalSamples, temperature, unchecked(seed + 7919), report, cancellationToken).ConfigureAwait(false);
        long samplingTokens = rollouts.Sum(r => (long)r.PromptTokens + r.CompletionTokens);
        var entry = new LedgerEntry(
            runId, round, route, checkpoint, campaignId, model.ParameterCount,
            samplingTokens, 2.0 * model.ParameterCount * samplingTokens,
            trained?.Tokens ?? 0, trained?.Flops ?? 0, teacherFlops,
            rollouts.Sum(r => r.Verdict.Elapsed.TotalSeconds), wall, rollouts.Count, rollouts.Count(r => r.Verdict.Passed), rollouts.Sum(r => r.Cost), score);
        await archive.AppendLedgerAsync(entry, cancellationToken).ConfigureAwait(false);
        return entry;
    }
}
