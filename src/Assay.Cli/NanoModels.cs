using System.Globalization;
using Assay.Nano;
using Assay.Training;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>
/// Resolves <c>nano:default</c> (the cached base model, trained on first use) and <c>nano:PATH</c> (a checkpoint
/// directory) for every verb that needs a nano model.
/// </summary>
internal static class NanoModels
{
    public const string Default = "nano:default";

    public static async Task<NanoModel> LoadAsync(string spec, CancellationToken cancellationToken)
    {
        if (!spec.StartsWith("nano:", StringComparison.Ordinal))
        {
            throw new UserInputException($"--model '{spec}': expected nano:default or nano:PATH");
        }

        var name = spec["nano:".Length..];
        if (name == "default")
        {
            return await LoadBaseAsync(BaseModelRecipe.Default, cancellationToken).ConfigureAwait(false);
        }

        if (!ModelCache.HasCheckpoint(name))
        {
            throw new UserInputException($"--model '{spec}': {name} holds no nano checkpoint ({NanoCheckpoint.ConfigFile} and {NanoCheckpoint.WeightsFile})");
        }

        return await NanoCheckpoint.LoadAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The checkpoint directory a spec names: the cached base model's for <c>nano:default</c>.</summary>
    public static string PathOf(string spec) =>
        spec == Default ? ModelCache.FromEnvironment().BaseModelDirectory(BaseModelRecipe.Default) : Path.GetFullPath(spec["nano:".Length..]);

    /// <summary>The base model from the cache, training it first (with a progress bar) when it is not there.</summary>
    public static async Task<NanoModel> LoadBaseAsync(BaseModelRecipe recipe, CancellationToken cancellationToken)
    {
        var cache = ModelCache.FromEnvironment();
        if (ModelCache.HasCheckpoint(cache.BaseModelDirectory(recipe)))
        {
            return (await BaseModel.LoadOrTrainAsync(cache, recipe, null, cancellationToken).ConfigureAwait(false)).Model;
        }

        AnsiConsole.MarkupLine("[yellow]nano's base model is not cached yet: training it now (a few minutes, once).[/]");
        NanoModel model = null!;
        await TrainingProgressBar.RunAsync(recipe.Training.Steps, async report =>
        {
            var (trained, directory, result) = await BaseModel.LoadOrTrainAsync(cache, recipe, report, cancellationToken).ConfigureAwait(false);
            model = trained;
            if (result is not null)
            {
                AnsiConsole.MarkupLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"trained {result.Steps:N0} steps in {result.Elapsed.TotalSeconds:F0} s: {result.TokensProcessed / result.Elapsed.TotalSeconds / 1000:F1}k tokens/s"));
            }

            AnsiConsole.MarkupLine($"base model cached in [bold]{Markup.Escape(directory)}[/]");
        }).ConfigureAwait(false);
        return model;
    }
}
