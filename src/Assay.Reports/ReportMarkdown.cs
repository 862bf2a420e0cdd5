using System.Text;

namespace Assay.Reports;

/// <summary>The report as GitHub-flavoured Markdown: a summary table, then each entry's hardest problems.</summary>
public static class ReportMarkdown
{
    /// <summary>The Markdown text; <paramref name="hardestProblems"/> rows of per-problem rates per entry.</summary>
    public static string Render(Report report, int hardestProblems = 10)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfNegative(hardestProblems);
        var ks = report.Options.EffectiveKs;
        var text = new StringBuilder();
        text.Append(Escape(CellText.Campaigns(report))).Append("\n\n");
        text.Append("pass@k with ").Append(CellText.Share(report.Options.Confidence)).Append(" bootstrap intervals over problems (")
            .Append(CellText.Count(report.Options.Resamples)).Append(" resamples).\n\n");
        Row(text, ["model", "suite", "problems", "rollouts", .. ks.Select(k => $"pass@{k}"), "infra failures", "rollouts/solution", "tokens/solution", "$/solution"]);
        Row(text, ["---", "---", .. Enumerable.Repeat("---:", ks.Count + 6)]);
        foreach (var entry in report.Entries)
        {
            Row(text, [
                entry.Model, entry.Suite, CellText.Count(entry.Problems), CellText.Count(entry.Rollouts),
                .. entry.PassAtK.Select(CellText.PassAtK),
                CellText.CountAndShare(entry.InfrastructureFailures, entry.InfrastructureFailureShare), CellText.PerSolution(entry.RolloutsPerSolution),
                CellText.PerSolution(entry.TokensPerSolution), CellText.Money(entry.CostPerSolution),
            ]);
        }

        foreach (var missing in report.Entries.SelectMany(e => e.PassAtK.Where(p => p.NotComputable is not null).Select(p => (e, p))).Take(1))
        {
            text.Append("\nn/a: ").Append(missing.p.NotComputable).Append(".\n");
        }

        text.Append("\n### ").Append(CellText.VerifiersHeading).Append("\n\n");
        Row(text, ["model", "suite", "isolation", "verifier", "samples"]);
        Row(text, ["---", "---", "---", "---", "---:"]);
        foreach (var entry in report.Entries)
        {
            foreach (var tally in entry.Verifiers)
            {
                Row(text, [entry.Model, entry.Suite, VerdictWords.Of(tally.Isolation), VerdictWords.Verifier(tally.Verifier), CellText.Count(tally.Samples)]);
            }
        }

        if (report.Entries.Any(e => e.FailureReasons.Count > 0))
        {
            text.Append("\n### ").Append(CellText.FailuresHeading).Append("\n\n");
            Row(text, ["model", "suite", "status", "reason", "rollouts"]);
            Row(text, ["---", "---", "---", "---", "---:"]);
            foreach (var entry in report.Entries)
            {
                foreach (var failure in entry.FailureReasons)
                {
                    Row(text, [entry.Model, entry.Suite, VerdictWords.Of(failure.Status), failure.Reason, CellText.Count(failure.Rollouts)]);
                }
            }
        }

        foreach (var entry in report.Entries.Where(_ => hardestProblems > 0))
        {
            text.Append("\n### ").Append(Escape(entry.Model)).Append(" on ").Append(Escape(entry.Suite)).Append(": hardest problems\n\n");
            Row(text, ["problem", "samples", "passed", "rate"]);
            Row(text, ["---", "---:", "---:", "---:"]);
            foreach (var problem in entry.ProblemsHardestFirst.Take(hardestProblems))
            {
                Row(text, [problem.ProblemId, CellText.Count(problem.Samples), CellText.Count(problem.Passed), CellText.Rate(problem.Rate)]);
            }
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, IEnumerable<string> cells)
    {
        text.Append('|');
        foreach (var cell in cells)
        {
            text.Append(' ').Append(Escape(cell)).Append(" |");
        }

        text.Append('\n');
    }

    // A pipe would end the cell; a newline (escaped with every control character) would end the table.
    private static string Escape(string cell) => TerminalText.Escape(cell).Replace("|", "\\|", StringComparison.Ordinal);
}
