using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Assay.Nano;
using Assay.Suites;
using Assay.Training;
using Assay.Verification;
using Spectre.Console;

namespace Assay.Cli;

/// <summary><c>assay train base</c>: trains nano's base model from scratch, caches it, and reports pass@1 per level; the other routes are in the partial files.</summary>
internal static partial class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Train nano models");
        command.Subcommands.Add(Base());
        command.Subcommands.Add(Rl());
        command.Subcommands.Add(Sft());
        command.Subcommands.Add(Distill());
        return command;
    }

    private static Command Base()
    {
        var steps = new Option<int?>("--steps") { Description = "Optimizer steps (default: the recipe's)" };
        var seed = new Option<int?>("--seed") { Description = "Initialisation and data-order seed (default: the recipe's)" };
        var force = new Option<bool>("--force") { Description = "Train again even when the model is cached" };
        var samples = new Option<int>("--eval-samples") { Description = "Samples per problem for pass@1", DefaultValueFactory = _ => 8 };
        var unsafeNoSandbox = CliOptions.UnsafeNoSandbox();
        var command = new Command("base", "Train the base model on the generated suites and report pass@1 per difficulty") { steps, seed, force, samples, unsafeNoSandbox };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var recipe = BaseModelRecipe.Default;
            if (parse.GetValue(steps) is { } s)
            {
                recipe = recipe with { Training = recipe.Training with { Steps = s > 0 ? s : throw new UserInputException($"--steps {s}: must be at least 1") } };
            }

            if (parse.GetValue(seed) is { } seedValue)
            {
                recipe = recipe with { Training = recipe.Training with { Seed = seedValue } };
            }

            var cache = ModelCache.FromEnvironment();
            var directory = cache.BaseModelDirectory(recipe);
            if (parse.GetValue(force) && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            var model = await NanoModels.LoadBaseAsync(recipe, cancellationToken).ConfigureAwait(false);
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"model: {model.ParameterCount:N0} parameters, {Markup.Escape(model.Config.ToString())}"));
            var scores = await EvaluateAsync(model, parse.GetValue(samples), parse.GetValue(unsafeNoSandbox), cancellationToken).ConfigureAwait(false);
            Print(scores);
            await File.WriteAllTextAsync(Path.Combine(directory, "eval.json"), JsonSerializer.Serialize(scores), cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task<IReadOnlyList<LevelScore>> EvaluateAsync(NanoModel model, int samples, bool unsafeNoSandbox, CancellationToken cancellationToken)
    {
        if (samples < 1)
        {
            throw new UserInputException($"--eval-samples {samples}: must be at least 1");
        }

        var problems = SuiteCatalog.Resolve(SuiteCatalog.Bundled);
        var sandbox = await Sandboxes.StartAsync(Environment.ProcessorCount, unsafeNoSandbox, cancellationToken).ConfigureAwait(false);
        await using (sandbox.ConfigureAwait(false))
        {
            var verifier = new Verifier(new ExactAnswerVerifier(), sandbox);
            IReadOnlyList<LevelScore> scores = [];
            await AnsiConsole.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("evaluating pass@1", maxValue: problems.Count);
                var progress = new Progress<int>(done => task.Value = done);
                scores = await PassAtOneEvaluation.RunAsync(model, problems, verifier, samples, temperature: 1.0, seed: 1, progress, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return scores;
        }
    }

    private static void Print(IReadOnlyList<LevelScore> scores)
    {
        var frontier = Frontier.Find(scores);
        var table = new Table().AddColumns("suite", "difficulty", "problems", "samples", "pass@1", "");
        foreach (var score in scores)
        {
            var note = frontier.Contains(score) ? "frontier" : "";
            table.AddRow(
                score.Kind,
                score.Difficulty.ToString(CultureInfo.InvariantCulture),
                score.Problems.ToString(CultureInfo.InvariantCulture),
                score.Samples.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{score.PassAt1 * 100:F1}%"),
                note);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(frontier.Count == 0
            ? "[yellow]no frontier: no level has 0 < pass@1 <= 20% above mostly solved easier levels[/]"
            : "frontier: " + string.Join(", ", frontier.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Kind} d{f.Difficulty} ({f.PassAt1 * 100:F1}%)"))));
    }
}
