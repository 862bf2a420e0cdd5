using System.Globalization;
using Assay.Core;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>Prints a training run's compute ledger, one row per round.</summary>
internal static class LedgerTable
{
    public static void Print(IReadOnlyList<LedgerEntry> ledger)
    {
        var table = new Table().AddColumns("round", "held-out pass@1 (95% CI)", "rollouts", "verified", "sampling FLOPs", "training FLOPs", "teacher FLOPs", "verifier s", "wall s");
        foreach (var e in ledger)
        {
            table.AddRow(
                e.Round.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{e.Evaluation.PassAt1:P1} ({e.Evaluation.Low:P1}–{e.Evaluation.High:P1})"),
                e.Rollouts.ToString("N0", CultureInfo.InvariantCulture),
                e.Verified.ToString("N0", CultureInfo.InvariantCulture),
                e.SamplingFlops.ToString("0.00e0", CultureInfo.InvariantCulture),
                e.TrainingFlops.ToString("0.00e0", CultureInfo.InvariantCulture),
                e.TeacherFlops.ToString("0.00e0", CultureInfo.InvariantCulture),
                e.VerifierSeconds.ToString("F1", CultureInfo.InvariantCulture),
                e.WallSeconds.ToString("F0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        if (ledger.Count > 0)
        {
            AnsiConsole.MarkupLine($"last checkpoint: [bold]nano:{Markup.Escape(ledger[^1].Checkpoint)}[/]");
        }
    }
}
