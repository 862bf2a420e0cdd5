using Assay.Nano;
using Assay.Suites;
using Assay.Verification;

namespace Assay.Training.Tests;

public sealed class BaseModelTests : IDisposable
{
    private static readonly BaseModelRecipe Tiny = new(
        NanoConfig.ForText(layers: 1, width: 32, heads: 2, context: 24),
        [new("arithmetic", 1, 40), new("strings", 1, 20)],
        new TrainingOptions { BatchSize = 8, Steps = 40, LearningRate = 5e-3f, WarmupSteps = 5, Seed = 2 },
        DataSeed: 11);

    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("assay-cache-");

    public void Dispose() => _cache.Delete(recursive: true);

    [Fact]
    public void Examples_follow_the_curriculum_with_reference_answers()
    {
        var examples = BaseModelTrainer.Examples(Tiny);

        Assert.Equal(60, examples.Count);
        var first = new ArithmeticGenerator().Generate(1, 1, 11)[0];
        Assert.Equal(first.Prompt, examples[0].Prompt);
        Assert.Equal(first.Reference, examples[0].Answer);
        Assert.Equal(examples, BaseModelTrainer.Examples(Tiny));
    }

    [Fact]
    public async Task Base_model_is_trained_once_then_loaded_from_the_cache()
    {
        var cache = new ModelCache(_cache.FullName);

        var first = await BaseModel.LoadOrTrainAsync(cache, Tiny);
        var second = await BaseModel.LoadOrTrainAsync(cache, Tiny);

        Assert.NotNull(first.Trained);
        Assert.Equal(40, first.Trained.Steps);
        Assert.Null(second.Trained);
        Assert.Equal(first.Directory, second.Directory);
        Assert.True(first.Model.Weights.SequenceEqual(second.Model.Weights));
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(first.Directory)!, "*.partial-*"));
    }

    [Fact]
    public void Changing_the_recipe_changes_the_cache_key()
    {
        var more = Tiny with { Training = Tiny.Training with { Steps = 41 } };

        Assert.NotEqual(Tiny.Key, more.Key);
        Assert.Equal(Tiny.Key, (Tiny with { }).Key);
    }

    [Fact]
    public async Task Pass_at_one_per_level_counts_verified_samples()
    {
        // Train on exactly the problems evaluated at level 1, so that level is solved and level 3 is not.
        var level1 = new ArithmeticGenerator().Generate(4, 1, seed: 5);
        var level3 = new ArithmeticGenerator().Generate(4, 3, seed: 5);
        var model = NanoModel.Create(NanoConfig.ForText(2, 32, 2, 24), seed: 1);
        NanoTrainer.Train(
            model,
            level1.Select(p => new TrainingExample(p.Prompt, p.Reference!)).ToList(),
            new TrainingOptions { BatchSize = 4, Steps = 250, LearningRate = 1e-2f, WarmupSteps = 10, Seed = 1 });

        var scores = await PassAtOneEvaluation.RunAsync(model, [.. level1, .. level3], new ExactAnswerVerifier(), samples: 3, temperature: 0, seed: 1);

        Assert.Equal(2, scores.Count);
        Assert.Equal(("arithmetic", 1, 4, 12, 12), (scores[0].Kind, scores[0].Difficulty, scores[0].Problems, scores[0].Samples, scores[0].Passed));
        Assert.Equal(1.0, scores[0].PassAt1);
        Assert.Equal(3, scores[1].Difficulty);
        Assert.True(scores[1].PassAt1 < 0.5);
    }
}
