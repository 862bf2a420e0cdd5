using Assay.Archive;
using Assay.Core;
using Assay.Nano;
using Assay.Verification;

namespace Assay.Training;

/// <summary>
/// Reinforcement learning on verified rollouts, round by round: sample N answers per training problem from the current
/// policy as a campaign (archived, verified), learn from them (<see cref="RlMethod"/>), save the round's checkpoint,
/// measure held-out pass@1 and charge the round to the compute ledger. Expert iteration trains only on rollouts whose
/// verdict is <c>passed</c>. Only rollouts that ended with their own end token and fit the context are trained on: the
/// end of a rollout cut at the length limit was never sampled, and a completion that spelled out a special token (its
/// text is the token's name) would be trained on as different tokens than those sampled. A round is recorded only when it is whole, so a run stopped anywhere resumes from its last
/// recorded round, and its campaign from the archive.
/// </summary>
public sealed class RlRun(IRolloutArchive archive, IVerifier verifier, TimeProvider time)
{
    /// <summary>
    /// The fine-tuning step of expert iteration: the model, the verified examples, the round's options. Replaceable so a
    /// test can see exactly what the trainer is given; <see cref="NanoTrainer.Train"/> by default.
    /// </summary>
    public Func<NanoModel, IReadOnlyList<TrainingExample>, TrainingOptions, CancellationToken, TrainingResult> FineTune { get; init; } =
        (model, examples, options, ct) => NanoTrainer.Train(model, examples, options, cancellationToken: ct);

    /// <summary>Runs (or resumes) the rounds <paramref name="settings"/> asks for; returns the whole ledger of the run.</summary>
    /// <param name="start">The starting policy (GRPO's reference), and where its checkpoint is (round 0 of the ledger).</param>
    /// <param name="directory">Where round K's checkpoint goes: DIRECTORY/round-K.</param>
    /// <param name="train">Problems the policy is rolled out on.</param>
    /// <param name="settings">Method, rounds, sampling and optimiser settings.</param>
    /// <param name="heldOut">Problems it is evaluated on, never trained on.</param>
    /// <param name="progress">Reports every phase of every round.</param>
    /// <param name="cancellationToken">Stops the run; the rounds recorded and the rollouts archived stay.</param>
    public async Task<IReadOnlyList<LedgerEntry>> RunAsync(
        (NanoModel Model, string Checkpoint) start,
        RlSettings settings,
        string directory,
        IReadOnlyList<Problem> train,
        IReadOnlyList<Problem> heldOut,
        IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(start.Model);
        var ledger = new RoundLedger(archive, verifier, time, settings.RunId, settings.Route, heldOut, settings.EvalSamples, settings.Temperature, settings.Seed);
        var (policy, checkpoint, done) = await ledger.ResumeAsync(start, progress, cancellationToken).ConfigureAwait(false);
        for (int round = done + 1; round <= settings.Rounds; round++)
        {
            long started = time.GetTimestamp();
            var campaign = new Campaign(
                $"{settings.RunId}-r{round}", $"nano:{checkpoint}", "rl-train", settings.SamplesPerProblem,
                new SamplingSettings(settings.Temperature, 1.0, MaxTokens(policy, train), unchecked((settings.Seed * 1000) + round)),
                time.GetUtcNow());
            var rollouts = await PolicyCampaign.RunAsync(archive, verifier, policy, campaign, train, time, progress, cancellationToken).ConfigureAwait(false);
            var problems = train.ToDictionary(p => p.Id, StringComparer.Ordinal);
            var scored = rollouts.Where(r => !r.Verdict.IsInfrastructureFailure).ToList();
            bool Trainable(Rollout r) => r.FinishReason == "stop" && NanoTokenizer.EncodeChat(problems[r.ProblemId].Prompt).Length + r.Completion.Length <= policy.Config.Context;

            progress?.Report(new RunProgress($"training round {round}", 0, 1));
            TrainingResult? trained = null;
            if (settings.Method == RlMethod.ExpertIteration)
            {
                var verified = scored.Where(r => r.Verdict.Passed && Trainable(r)).Select(r => new TrainingExample(problems[r.ProblemId].Prompt, r.Completion)).ToList();
                if (verified.Count > 0)
                    trained = await Task.Run(() => FineTune(policy, verified, settings.RoundOptions(verified.Count, round), cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var examples = GrpoExamples(scored, problems, Trainable);
                if (examples.Count > 0)
                {
                    var options = settings.RoundOptions(examples.Count, round);
                    trained = await Task.Run(
                        () => NanoTrainer.TrainPolicy(policy, examples, settings.Grpo, options, settings.Grpo.KlCoefficient > 0 ? start.Model : null, cancellationToken: cancellationToken),
                        cancellationToken).ConfigureAwait(false);
                }
            }

            checkpoint = Path.GetFullPath(Path.Combine(directory, $"round-{round}"));
            await CheckpointStore.SaveAsync(policy, checkpoint, cancellationToken).ConfigureAwait(false);
            await ledger.RecordAsync(round, policy, checkpoint, campaign.Id, rollouts, trained, teacherFlops: 0, started, progress, cancellationToken).ConfigureAwait(false);
        }

        return await archive.ReadLedgerAsync(settings.RunId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answer room the longest training prompt leaves in the context.</summary>
    private static int MaxTokens(NanoModel policy, IReadOnlyList<Problem> train) =>
        Math.Max(1, policy.Config.Context - train.Max(p => NanoTokenizer.EncodeChat(p.Prompt).Length));

    /// <summary>
    /// Every trainable rollout of a group whose rewards differ, with its advantage (over the whole group); uniform groups
    /// carry no signal.
    /// </summary>
    private static List<PolicyExample> GrpoExamples(IReadOnlyList<Rollout> scored, Dictionary<string, Problem> problems, Func<Rollout, bool> trainable)
    {
        var examples = new List<PolicyExample>();
        foreach (var group in scored.GroupBy(r => r.ProblemId, StringComparer.Ordinal))
        {
            var members = group.ToList();
            var advantages = GroupAdvantages.Normalise([.. members.Select(r => r.Verdict.Reward)]);
            for (int i = 0; i < members.Count; i++)
            {
                if (advantages[i] != 0 && trainable(members[i]))
                    examples.Add(new PolicyExample(problems[members[i].ProblemId].Prompt, members[i].Completion, advantages[i]));
            }
        }

        return examples;
    }
}
