using System.Globalization;
using Assay.Nano;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>
/// A progress bar for a nano training run: step, loss, tokens/s and time left. The loss shown is a moving average
/// over about the last 50 steps: batches are grouped by length, so one step's loss swings with its task.
/// </summary>
internal static class TrainingProgressBar
{
    public static Task RunAsync(int steps, Func<Action<TrainingProgress>, Task> train) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("training", maxValue: steps);
                var loss = double.NaN;
                await train(p =>
                {
                    loss = double.IsNaN(loss) ? p.Loss : loss + ((p.Loss - loss) / Math.Min(p.Step, 50));
                    task.Description = string.Create(
                        CultureInfo.InvariantCulture,
                        $"training: step {p.Step}/{p.Steps}, loss {loss:F3}, {p.TokensPerSecond / 1000:F1}k tok/s");
                    task.Value = p.Step;
                }).ConfigureAwait(false);
            });
}
