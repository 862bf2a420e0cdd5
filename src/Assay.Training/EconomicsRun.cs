using Assay.Archive;
using Assay.Nano;
using Assay.Publishing;
using Assay.Verification;

namespace Assay.Training;

/// <summary>
/// The question the system exists to answer, measured on nano: a leader raises the base model's held-out pass@1 by
/// expert iteration on its own verified rollouts until it plateaus; its positive rollouts are published; two fresh
/// copies of the base model follow, one by SFT on the published text, one by distillation on the leader's token
/// probabilities along the same text; every route's compute is on the ledger. Each step resumes from the archive.
/// </summary>
public sealed class EconomicsRun(IRolloutArchive archive, IVerifier verifier, TimeProvider time)
{
    /// <summary>Runs (or resumes) the measurement for <paramref name="settings"/>' seed; checkpoints go under <paramref name="directory"/>.</summary>
    public async Task<EconomicsResult> RunAsync(
        (NanoModel Model, string Checkpoint) baseModel, EconomicsSettings settings, string directory,
        IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        long started = time.GetTimestamp();
        var split = ProblemSplit.Generate(ProblemSplit.ParseLevels(settings.Levels), settings.TrainPerLevel, settings.HeldOutPerLevel, settings.Seed);
        var training = settings.EffectiveTraining;
        string prefix = $"economics-s{settings.Seed}";

        var rl = new RlSettings(
            $"{prefix}-leader", RlMethod.ExpertIteration, 1, settings.SamplesPerProblem, 1.0, training, settings.LeaderEpochs,
            new GrpoObjective(), settings.EvalSamples, settings.Seed);
        var leaderRun = new RlRun(archive, verifier, time);
        var leader = await leaderRun.RunAsync(baseModel, rl, Path.Combine(directory, "leader"), split.Train, split.HeldOut, progress, cancellationToken).ConfigureAwait(false);
        for (int rounds = 2; rounds <= settings.MaxLeaderRounds && !Plateaued(leader, settings); rounds++)
            leader = await leaderRun.RunAsync(baseModel, rl with { Rounds = rounds }, Path.Combine(directory, "leader"), split.Train, split.HeldOut, progress, cancellationToken).ConfigureAwait(false);

        // The leader publishes its positive rollouts at once (no embargo: the follower is the point of the measurement).
        var published = Path.Combine(directory, "published");
        await new Publisher(archive, time).PublishAsync(
            published, new PublicationOptions { AsOf = time.GetUtcNow(), Embargo = TimeSpan.Zero, Formats = [DatasetFormat.Sft] }, cancellationToken).ConfigureAwait(false);
        var examples = SftDataset.Read(Path.Combine(published, "sft.jsonl"));

        var follow = new SupervisedSettings($"{prefix}-sft", settings.FollowerRounds, settings.FollowerEpochs, training, settings.EvalSamples, 1.0, settings.Seed);
        var followers = new SupervisedRun(archive, verifier, time);
        var sft = await followers.SftAsync(baseModel, follow, Path.Combine(directory, "sft"), examples, split.HeldOut, progress, cancellationToken).ConfigureAwait(false);

        var teacher = await NanoCheckpoint.LoadAsync(leader[^1].Checkpoint, cancellationToken).ConfigureAwait(false);
        progress?.Report(new RunProgress("teacher distributions", 0, examples.Count));
        var (rows, teacherFlops) = DistillationSource.FromTeacher(teacher, examples);
        var distill = await followers.DistillAsync(
            baseModel, follow with { RunId = $"{prefix}-distill" }, Path.Combine(directory, "distill"), rows, teacherFlops, split.HeldOut, progress, cancellationToken).ConfigureAwait(false);

        return new EconomicsResult(
            settings, new EconomicsRoute("leader (expert iteration)", leader), new EconomicsRoute("SFT on published rollouts", sft),
            new EconomicsRoute("distillation (forward KL)", distill), examples.Count, time.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>
    /// True when the best held-out pass@1 of the last <see cref="EconomicsSettings.Patience"/> rounds is no more than
    /// <see cref="EconomicsSettings.Plateau"/> above the best before them.
    /// </summary>
    public static bool Plateaued(IReadOnlyList<Core.LedgerEntry> ledger, EconomicsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(settings);
        if (ledger.Count <= settings.Patience + 1)
            return false;
        double before = ledger.Take(ledger.Count - settings.Patience).Max(e => e.Evaluation.PassAt1);
        double recent = ledger.Skip(ledger.Count - settings.Patience).Max(e => e.Evaluation.PassAt1);
        return recent <= before + settings.Plateau;
    }
}
