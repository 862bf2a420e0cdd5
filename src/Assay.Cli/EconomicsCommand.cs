using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Assay.Training;
using Assay.Verification;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>
/// <c>assay economics</c>: leader by RL versus followers by SFT and distillation, on the compute ledger, from the
/// embedded defaults (<see cref="EconomicsSettings"/>); a table, a plot (PNG, SVG) and a Markdown and JSON summary.
/// </summary>
internal static class EconomicsCommand
{
    // Infinity where the base model solved nothing at the start of RL (rollouts per solution).
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Seeds problems, rollouts, data order and evaluation", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Directory for the archive, checkpoints, plot and summary", DefaultValueFactory = _ => "economics" };
        var maxRounds = new Option<int?>("--max-rounds") { Description = "The most rounds the leader runs (default 8)" };
        var unsafeNoSandbox = CliOptions.UnsafeNoSandbox();
        var command = new Command("economics", "Leader (expert iteration until held-out pass@1 plateaus) vs followers (SFT on its published rollouts, distillation on its probabilities): pass@1 against compute")
        {
            seed, output, maxRounds, unsafeNoSandbox,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new EconomicsSettings(parse.GetValue(seed));
            if (parse.GetValue(maxRounds) is { } max)
            {
                settings = settings with { MaxLeaderRounds = max >= 1 ? max : throw new UserInputException($"--max-rounds {max}: must be at least 1") };
            }

            var directory = Path.GetFullPath(Path.Combine(parse.GetValue(output)!, string.Create(CultureInfo.InvariantCulture, $"seed-{settings.Seed}")));
            Directory.CreateDirectory(directory);
            var loadBefore = Load();
            var baseModel = await NanoModels.LoadAsync(NanoModels.Default, cancellationToken).ConfigureAwait(false);
            await using var archive = await Archives.OpenAsync(Path.Combine(directory, "economics.db"), cancellationToken).ConfigureAwait(false);
            var sandbox = await Sandboxes.StartAsync(Environment.ProcessorCount, parse.GetValue(unsafeNoSandbox), cancellationToken).ConfigureAwait(false);
            EconomicsResult result;
            await using (sandbox.ConfigureAwait(false))
            {
                var run = new EconomicsRun(archive, new Verifier(new ExactAnswerVerifier(), sandbox), TimeProvider.System);
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"economics, seed {settings.Seed}: {Markup.Escape(settings.Levels)}, {settings.TrainPerLevel} training and {settings.HeldOutPerLevel} held-out problems a level; load average {loadBefore}"));
                result = await RunProgressBar.RunAsync(progress =>
                    run.RunAsync((baseModel, NanoModels.PathOf(NanoModels.Default)), settings, directory, progress, cancellationToken)).ConfigureAwait(false);
            }

            var markdown = EconomicsSummary.Markdown(result, loadBefore, Load());
            var name = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"economics-s{settings.Seed}"));
            var (png, svg) = EconomicsPlot.Save(result, name);
            await File.WriteAllTextAsync(name + ".md", markdown, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(name + ".json", JsonSerializer.Serialize(result, Json), cancellationToken).ConfigureAwait(false);
            AnsiConsole.WriteLine(markdown);
            AnsiConsole.MarkupLine($"plot: [bold]{Markup.Escape(png)}[/], [bold]{Markup.Escape(svg)}[/]; summary: {Markup.Escape(name)}.md and .json");
            return 0;
        });
        return command;
    }

    /// <summary>The 1-, 5- and 15-minute load averages: the machine is shared, and the wall times depend on it.</summary>
    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
