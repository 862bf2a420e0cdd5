using Assay.Archive;
using Assay.Core;
using Assay.Nano;
using Assay.Verification;

namespace Assay.Training;

/// <summary>
/// Following a leader without reinforcement learning: SFT on a teacher's sampled text, or distillation proper on its
/// token probabilities (forward KL). Round by round it trains, saves a checkpoint, evaluates held-out pass@1 and charges
/// the compute ledger; a stopped run resumes from its last recorded round.
/// </summary>
public sealed class SupervisedRun(IRolloutArchive archive, IVerifier verifier, TimeProvider time)
{
    /// <summary>SFT on (prompt, answer) pairs, cross-entropy on the answer tokens.</summary>
    public Task<IReadOnlyList<LedgerEntry>> SftAsync(
        (NanoModel Model, string Checkpoint) start, SupervisedSettings settings, string directory, IReadOnlyList<TrainingExample> examples,
        IReadOnlyList<Problem> heldOut, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return RunAsync(start, settings, "sft", directory, examples.Count, 0,
            (model, options, report, ct) => NanoTrainer.Train(model, examples, options, report, ct), heldOut, progress, cancellationToken);
    }

    /// <summary>
    /// Distillation on the teacher's distributions along each answer. <paramref name="teacherFlops"/> is what computing
    /// them cost when a live teacher did (charged to the first round, shown apart); 0 when they came from the archive.
    /// </summary>
    public Task<IReadOnlyList<LedgerEntry>> DistillAsync(
        (NanoModel Model, string Checkpoint) start, SupervisedSettings settings, string directory, IReadOnlyList<DistillationExample> examples,
        double teacherFlops, IReadOnlyList<Problem> heldOut, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return RunAsync(start, settings, "distill", directory, examples.Count, teacherFlops,
            (model, options, report, ct) => NanoTrainer.Distill(model, examples, options, report, ct), heldOut, progress, cancellationToken);
    }

    private async Task<IReadOnlyList<LedgerEntry>> RunAsync(
        (NanoModel Model, string Checkpoint) start, SupervisedSettings settings, string route, string directory, int examples, double teacherFlops,
        Func<NanoModel, TrainingOptions, Action<Nano.TrainingProgress>, CancellationToken, TrainingResult> train,
        IReadOnlyList<Problem> heldOut, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(start.Model);
        var ledger = new RoundLedger(archive, verifier, time, settings.RunId, route, heldOut, settings.EvalSamples, settings.Temperature, settings.Seed);
        var (model, _, done) = await ledger.ResumeAsync(start, progress, cancellationToken).ConfigureAwait(false);
        for (int round = done + 1; round <= settings.Rounds; round++)
        {
            long started = time.GetTimestamp();
            var options = settings.RoundOptions(examples, round);
            string phase = $"{route} round {round}";
            var trained = await Task.Run(
                () => train(model, options, p => progress?.Report(new RunProgress(phase, p.Step, p.Steps)), cancellationToken), cancellationToken).ConfigureAwait(false);
            var checkpoint = Path.GetFullPath(Path.Combine(directory, $"round-{round}"));
            await CheckpointStore.SaveAsync(model, checkpoint, cancellationToken).ConfigureAwait(false);
            await ledger.RecordAsync(round, model, checkpoint, null, [], trained, round == 1 ? teacherFlops : 0, started, progress, cancellationToken).ConfigureAwait(false);
        }

        return await archive.ReadLedgerAsync(settings.RunId, cancellationToken).ConfigureAwait(false);
    }
}
