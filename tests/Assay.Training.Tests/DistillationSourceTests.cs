using Assay.Archive;
using Assay.Core;
using Assay.Nano;

namespace Assay.Training.Tests;

public sealed class DistillationSourceTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-distill-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static List<Problem> Problems(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Problem($"p/{i}", "test", $"{i}+{i}=", new ExactAnswerCheck($"{2 * i}"), $"{2 * i}", 1))];

    [Fact]
    public async Task Distilling_from_archived_top_k_with_k_the_vocabulary_equals_distilling_from_the_live_teacher()
    {
        var config = NanoConfig.ForText(layers: 1, width: 32, heads: 2, context: 20);
        var teacher = NanoModel.Create(config, seed: 8);
        var problems = Problems(6);
        NanoTrainer.Train(teacher, [.. problems.Select(p => new TrainingExample(p.Prompt, p.Reference!))],
            new TrainingOptions { BatchSize = 6, Steps = 40, LearningRate = 1e-2f, WarmupSteps = 0, Seed = 1 });
        await using var archive = await SqliteRolloutArchive.OpenAsync(Path.Combine(_directory.FullName, "a.db"));
        var campaign = new Campaign("teacher", "nano:teacher", "test", 4,
            new SamplingSettings(1.0, 1.0, 8, Seed: 5, TopLogprobs: NanoTokenizer.VocabularySize), DateTimeOffset.UnixEpoch);
        var verifier = new SubsetVerifier();
        await PolicyCampaign.RunAsync(archive, verifier, teacher, campaign, problems, TimeProvider.System, null, CancellationToken.None);

        var archived = await DistillationSource.FromCampaignAsync(archive, "teacher");
        var (live, flops) = DistillationSource.FromTeacher(teacher, [.. archived.Select(e => new TrainingExample(e.Prompt, e.Answer))]);

        Assert.True(archived.Count >= 4, $"only {archived.Count} passed rollouts to distil from");
        Assert.Equal(2.0 * teacher.ParameterCount * archived.Sum(e => NanoTokenizer.EncodeChat(e.Prompt).Length + e.Answer.Length), flops);
        for (int i = 0; i < archived.Count; i++)
        {
            Assert.Equal(live[i].Teacher.Count, archived[i].Teacher.Count);
            for (int row = 0; row < live[i].Teacher.Count; row++)
            {
                var expected = live[i].Teacher[row];
                var actual = archived[i].Teacher[row];
                for (int v = 0; v < NanoTokenizer.VocabularySize; v++)
                    Assert.True(Math.Abs(expected[v] - actual[v]) < 1e-5, $"example {i} row {row} token {v}: live {expected[v]} vs archived {actual[v]}");
            }
        }

        var options = new TrainingOptions { BatchSize = 2, Steps = 20, LearningRate = 3e-3f, WarmupSteps = 0, Seed = 4 };
        var fromLive = NanoModel.Create(config, seed: 9);
        var fromArchive = NanoModel.Create(config, seed: 9);
        var untouched = fromLive.Weights.ToArray();
        NanoTrainer.Distill(fromLive, live, options);
        NanoTrainer.Distill(fromArchive, archived, options);
        float moved = 0, apart = 0;
        for (int i = 0; i < untouched.Length; i++)
        {
            moved = Math.Max(moved, Math.Abs(fromLive.Weights[i] - untouched[i]));
            apart = Math.Max(apart, Math.Abs(fromLive.Weights[i] - fromArchive.Weights[i]));
        }

        Assert.True(apart < moved * 1e-3, $"students differ by {apart} after training moved weights by {moved}");
    }

    [Fact]
    public async Task A_teacher_whose_tokens_are_not_nanos_is_refused_naming_the_token_and_the_reason()
    {
        await using var archive = await SqliteRolloutArchive.OpenAsync(Path.Combine(_directory.FullName, "a.db"));
        var campaign = new Campaign("gpt", "openai:gpt-x@http://127.0.0.1:1", "test", 1, new SamplingSettings(TopLogprobs: 2), DateTimeOffset.UnixEpoch);
        var problem = Problems(1)[0];
        await archive.SaveCampaignAsync(campaign, [problem]);
        TokenLogprob[] logprobs = [new("0", -0.1, [new("zero", -2.5)]), new("<|end|>", -0.01, [])];
        await archive.AppendAsync([new Rollout(
            RolloutId.For("gpt", problem.Id, 0), "gpt", problem.Id, 0, campaign.Model, "{}", "0", "stop", logprobs, 5, 2, TimeSpan.Zero, 0m,
            new Verdict(VerdictStatus.Passed, 1, "", Isolation.NotApplicable, TimeSpan.Zero), DateTimeOffset.UnixEpoch)]);

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => DistillationSource.FromCampaignAsync(archive, "gpt"));

        Assert.Contains("'zero'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("do not map onto nano's vocabulary", refused.Message, StringComparison.Ordinal);
    }
}
