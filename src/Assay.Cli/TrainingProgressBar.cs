using System.Globalization;
using Assay.Nano;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>A progress bar for a nano training run: step, loss, tokens/s and time left.</summary>
internal static class TrainingProgressBar
{
    public static Task RunAsync(int steps, Func<Action<TrainingProgress>, Task> train) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("training", maxValue: steps);
                await train(p =>
                {
                    task.Description = string.Create(
                        CultureInfo.InvariantCulture,
                        $"training: step {p.Step}/{p.Steps}, loss {p.Loss:F3}, {p.TokensPerSecond / 1000:F1}k tok/s");
                    task.Value = p.Step;
                }).ConfigureAwait(false);
            });
}
