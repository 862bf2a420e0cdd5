using System.Globalization;
using System.Text;
using Assay.Training;

namespace Assay.Cli;

/// <summary>The economics table as Markdown: one row per route, then the leader's start and the run's conditions.</summary>
internal static class EconomicsSummary
{
    public static string Markdown(EconomicsResult result, string loadBefore, string loadAfter)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"| route (seed {result.Settings.Seed}) | rounds | held-out pass@1 [95% CI] | compute, TFLOPs | of which teacher | TFLOPs to 90% of leader ({result.Target * 100:F1}%) |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var route in result.Routes)
        {
            var last = route.Ledger[^1].Evaluation;
            var reach = route.FlopsToReach(result.Target) is { } f ? (f / 1e12).ToString("F2", c) : "not reached";
            text.AppendLine(c, $"| {route.Name} | {route.Ledger.Count - 1} | {last.PassAt1 * 100:F1}% [{last.Low * 100:F1}, {last.High * 100:F1}] | {route.TotalFlops / 1e12:F2} | {route.TeacherFlops / 1e12:F2} | {reach} |");
        }

        var start = result.Routes[0].Ledger[0].Evaluation;
        text.AppendLine();
        text.AppendLine(c, $"base model: held-out pass@1 {start.PassAt1 * 100:F1}% [{start.Low * 100:F1}, {start.High * 100:F1}] on {start.Problems} problems × {start.SamplesPerProblem} samples.");
        text.AppendLine(c, $"start of RL: {result.RolloutsPerSolution:F1} rollouts and {result.TokensPerSolution:F0} sampled tokens per verified solution; the leader published {result.PublishedExamples} positive rollouts.");
        text.AppendLine(c, $"wall time {result.WallSeconds / 60:F1} min; load average {loadBefore} at the start, {loadAfter} at the end (2 cores).");
        return text.ToString();
    }
}
