using Assay.Nano;
using Assay.Suites;

namespace Assay.Training;

/// <summary>Trains nano's base model from scratch on generated problems and their reference answers.</summary>
public static class BaseModelTrainer
{
    /// <summary>The training examples a recipe asks for: (prompt, reference answer) pairs from the generators.</summary>
    public static IReadOnlyList<TrainingExample> Examples(BaseModelRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var examples = new List<TrainingExample>();
        foreach (var level in recipe.Curriculum)
        {
            var generator = SuiteCatalog.FindGenerator(level.Kind)
                ?? throw new ArgumentException($"curriculum: unknown generator kind '{level.Kind}'", nameof(recipe));
            foreach (var problem in generator.Generate(level.Examples, level.Difficulty, recipe.DataSeed))
            {
                examples.Add(new TrainingExample(problem.Prompt, problem.Reference!));
            }
        }

        return examples;
    }

    /// <summary>Trains a fresh model; deterministic for a recipe and thread count.</summary>
    public static (NanoModel Model, TrainingResult Result) Train(
        BaseModelRecipe recipe, Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var model = NanoModel.Create(recipe.Config, recipe.Training.Seed);
        var result = NanoTrainer.Train(model, Examples(recipe), recipe.Training, progress, cancellationToken);
        return (model, result);
    }
}
