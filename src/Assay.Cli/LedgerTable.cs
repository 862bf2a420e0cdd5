using System.Globalization;
using Assay.Core;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>Prints a training run's compute ledger, one row per round.</summary>
internal static class LedgerTable
{
    public static void Print(IReadOnlyList<LedgerEntry> ledger)
    {
        var table = new Table().AddColumns("round", "pass@1 %", "95% CI", "rollouts", "verified", "sample FLOPs", "train FLOPs", "teacher FLOPs", "wall s");
        foreach (var e in ledger)
        {
            table.AddRow(
                e.Round.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{e.Evaluation.PassAt1 * 100:F1}"),
                string.Create(CultureInfo.InvariantCulture, $"{e.Evaluation.Low * 100:F1}–{e.Evaluation.High * 100:F1}"),
                e.Rollouts.ToString("N0", CultureInfo.InvariantCulture),
                e.Verified.ToString("N0", CultureInfo.InvariantCulture),
                e.SamplingFlops.ToString("0.00e0", CultureInfo.InvariantCulture),
                e.TrainingFlops.ToString("0.00e0", CultureInfo.InvariantCulture),
                e.TeacherFlops.ToString("0.00e0", CultureInfo.InvariantCulture),
                e.WallSeconds.ToString("F0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        if (ledger.Count > 0)
        {
            AnsiConsole.MarkupLine($"last checkpoint: [bold]nano:{Markup.Escape(ledger[^1].Checkpoint)}[/]");
        }
    }
}
