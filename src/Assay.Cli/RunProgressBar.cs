using Assay.Training;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>One progress bar for a multi-phase training run (rollouts, training, evaluation of each round).</summary>
internal static class RunProgressBar
{
    public static async Task<T> RunAsync<T>(Func<IProgress<RunProgress>, Task<T>> run)
    {
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                var phase = "";
                var gate = new object();
                var progress = new Reporter(p =>
                {
                    lock (gate)
                    {
                        if (p.Phase != phase)
                        {
                            // A new phase restarts the bar, so the time left is that of the phase under way.
                            phase = p.Phase;
                            task.StopTask();
                            task = context.AddTask(Markup.Escape(p.Phase), maxValue: Math.Max(1, p.Total));
                        }

                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Done;
                    }
                });
                result = await run(progress).ConfigureAwait(false);
                lock (gate)
                {
                    task.StopTask();
                }
            }).ConfigureAwait(false);
        return result;
    }

    private sealed class Reporter(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
