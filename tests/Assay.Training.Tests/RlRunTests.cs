using Assay.Archive;
using Assay.Core;
using Assay.Nano;

namespace Assay.Training.Tests;

public sealed class RlRunTests : IDisposable
{
    private static readonly NanoConfig Tiny = NanoConfig.ForText(layers: 1, width: 32, heads: 2, context: 20);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-rl-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static List<Problem> Problems(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Problem($"{prefix}/{i}", "test", $"{i}+{i}=", new ExactAnswerCheck($"{2 * i}"), $"{2 * i}", 1))];

    private static RlSettings Settings(RlMethod method, string runId) => new(
        runId, method, Rounds: 2, SamplesPerProblem: 6, Temperature: 1.0,
        new TrainingOptions { BatchSize = 1, LearningRate = 1e-3f, WarmupSteps = 0, MinLearningRateRatio = 1f, WeightDecay = 0 },
        Epochs: 1, new GrpoObjective(0.2, 0.04), EvalSamples: 2, Seed: 3);

    private async Task<(NanoModel Model, string Path)> StartAsync()
    {
        var model = NanoModel.Create(Tiny, seed: 4);
        // A few steps on answers of the task's shape, so most rollouts end with their own end token.
        NanoTrainer.Train(model, [.. Problems("warm", 8).Select(p => new TrainingExample(p.Prompt, p.Reference!))],
            new TrainingOptions { BatchSize = 8, Steps = 40, LearningRate = 1e-2f, WarmupSteps = 0, Seed = 1 });
        var path = Path.Combine(_directory.FullName, "start");
        await CheckpointStore.SaveAsync(model, path);
        return (model, path);
    }

    [Fact]
    public async Task Expert_iteration_trains_on_exactly_the_rollouts_the_verifier_accepted_and_charges_the_formula()
    {
        var verifier = new SubsetVerifier();
        await using var archive = await SqliteRolloutArchive.OpenAsync(Path.Combine(_directory.FullName, "a.db"));
        var seen = new List<List<TrainingExample>>();
        var run = new RlRun(archive, verifier, TimeProvider.System)
        {
            FineTune = (model, examples, options, ct) =>
            {
                seen.Add([.. examples]);
                return NanoTrainer.Train(model, examples, options, cancellationToken: ct);
            },
        };
        var train = Problems("train", 5);
        var heldOut = Problems("heldout", 3);

        var ledger = await run.RunAsync(await StartAsync(), Settings(RlMethod.ExpertIteration, "ei"), Path.Combine(_directory.FullName, "ei"), train, heldOut);

        // What the verifier passed on training problems, less the rollouts cut at the length limit (never trained on).
        var prompts = train.ToDictionary(p => p.Id, p => p.Prompt);
        var cut = new List<(string, string)>();
        for (int round = 1; round <= 2; round++)
        {
            await foreach (var r in archive.ReadRolloutsAsync($"ei-r{round}"))
            {
                if (r.FinishReason != "stop")
                    cut.Add((r.ProblemId, r.Completion));
            }
        }

        var passed = verifier.Accepted.Where(a => a.ProblemId.StartsWith("train/", StringComparison.Ordinal)).ToList();
        var accepted = passed.Where(a => !cut.Remove(a)).Select(a => (prompts[a.ProblemId], a.Completion)).Order().ToList();
        Assert.True(accepted.Count > passed.Count / 2, $"{accepted.Count} of {passed.Count} passed rollouts ended by themselves: too few for the test to mean much");
        Assert.True(passed.Count < 2 * 5 * 6, "the verifier should reject some rollouts, or the test proves nothing");
        Assert.Equal(accepted, seen.SelectMany(round => round).Select(e => (e.Prompt, e.Answer)).Order().ToList());
        Assert.Equal([0, 1, 2], ledger.Select(e => e.Round));
        Assert.Equal(passed.Count, ledger.Sum(e => e.Verified));
        Assert.All(ledger.Skip(1), e => Assert.Equal(30, e.Rollouts));

        // FLOPs against counts made here: parameters from the config's formula and the checkpoint's tensor shapes, tokens
        // by encoding what the trainer saw (batch 1, one epoch: every example once) and what the archive holds.
        long parameters = Tiny.ParameterCount;
        var saved = await NanoCheckpoint.LoadAsync(ledger[^1].Checkpoint);
        Assert.Equal(parameters, saved.Tensors.Sum(t => (long)t.Shape.Aggregate(1, (a, b) => a * b)));
        for (int round = 1; round <= 2; round++)
        {
            long trainingTokens = seen[round - 1].Sum(e => (long)NanoTokenizer.EncodeChat(e.Prompt).Length + NanoTokenizer.Encode(e.Answer).Length);
            long samplingTokens = 0;
            await foreach (var r in archive.ReadRolloutsAsync($"ei-r{round}"))
                samplingTokens += NanoTokenizer.EncodeChat(prompts[r.ProblemId]).Length + NanoTokenizer.Encode(r.Completion).Length + (r.FinishReason == "stop" ? 1 : 0);
            Assert.Equal(6.0 * parameters * trainingTokens, ledger[round].TrainingFlops);
            Assert.Equal(2.0 * parameters * samplingTokens, ledger[round].SamplingFlops);
            Assert.Equal(0, ledger[round].TeacherFlops);
        }
    }

    [Fact]
    public async Task A_run_resumes_from_its_last_recorded_round_and_grpo_moves_the_policy()
    {
        var verifier = new SubsetVerifier();
        await using var archive = await SqliteRolloutArchive.OpenAsync(Path.Combine(_directory.FullName, "a.db"));
        var run = new RlRun(archive, verifier, TimeProvider.System);
        var start = await StartAsync();
        var one = Settings(RlMethod.Grpo, "g") with { Rounds = 1 };
        var first = await run.RunAsync(start, one, Path.Combine(_directory.FullName, "g"), Problems("train", 4), Problems("heldout", 2));
        int calls = verifier.Calls;

        var resumed = await run.RunAsync(start, one with { Rounds = 2 }, Path.Combine(_directory.FullName, "g"), Problems("train", 4), Problems("heldout", 2));

        Assert.Equal(first, resumed.Take(2));
        Assert.Equal(3, resumed.Count);
        Assert.Equal((4 * 6) + (2 * 2), verifier.Calls - calls); // round 2's rollouts and evaluation only
        var after = await NanoCheckpoint.LoadAsync(resumed[1].Checkpoint);
        Assert.False(after.Weights.SequenceEqual(start.Model.Weights), "GRPO left the weights unchanged");
        Assert.True(resumed[1].TrainingFlops > 0 && resumed[1].TrainingTokens > 0);
    }
}
