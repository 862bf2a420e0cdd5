using Spectre.Console;
using Spectre.Console.Rendering;

namespace Assay.Reports;

/// <summary>The report as Spectre.Console tables: a summary per (model, suite), then each entry's hardest problems.</summary>
public static class ReportTable
{
    /// <summary>The renderable; <paramref name="hardestProblems"/> rows of per-problem rates per entry.</summary>
    public static IRenderable Create(Report report, int hardestProblems = 10)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfNegative(hardestProblems);
        var ks = report.Options.EffectiveKs;
        var summary = new Table();
        summary.AddColumn("model").AddColumn("suite").AddColumn(new TableColumn("problems").RightAligned()).AddColumn(new TableColumn("rollouts").RightAligned());
        foreach (var k in ks)
        {
            summary.AddColumn(new TableColumn($"pass@{k}").RightAligned());
        }

        summary.AddColumn(new TableColumn("infra failures").RightAligned())
            .AddColumn(new TableColumn("rollouts/solution").RightAligned())
            .AddColumn(new TableColumn("tokens/solution").RightAligned())
            .AddColumn(new TableColumn("$/solution").RightAligned());
        foreach (var entry in report.Entries)
        {
            var cells = new List<string> { entry.Model, entry.Suite, CellText.Count(entry.Problems), CellText.Count(entry.Rollouts) };
            cells.AddRange(entry.PassAtK.Select(CellText.PassAtK));
            cells.Add(CellText.CountAndShare(entry.InfrastructureFailures, entry.InfrastructureFailureShare));
            cells.Add(CellText.PerSolution(entry.RolloutsPerSolution));
            cells.Add(CellText.PerSolution(entry.TokensPerSolution));
            cells.Add(CellText.Money(entry.CostPerSolution));
            summary.AddRow(cells.Select(c => (IRenderable)Cell(c)).ToArray());
        }

        // Headings are plain Text, not table titles: titles are markup and wrap to the table's width.
        var parts = new List<IRenderable>
        {
            Cell(CellText.Campaigns(report)),
            new Text($"pass@k with {CellText.Share(report.Options.Confidence)} bootstrap intervals over problems"),
            summary,
        };
        var verifiers = new Table();
        verifiers.AddColumn("model").AddColumn("suite").AddColumn("isolation").AddColumn("verifier").AddColumn(new TableColumn("samples").RightAligned());
        foreach (var entry in report.Entries)
        {
            foreach (var tally in entry.Verifiers)
            {
                verifiers.AddRow(Cell(entry.Model), Cell(entry.Suite), new Text(VerdictWords.Of(tally.Isolation)),
                    Cell(VerdictWords.Verifier(tally.Verifier)), new Text(CellText.Count(tally.Samples)));
            }
        }

        parts.Add(new Text(CellText.VerifiersHeading));
        parts.Add(verifiers);
        if (report.Entries.Any(e => e.FailureReasons.Count > 0))
        {
            var failures = new Table();
            failures.AddColumn("model").AddColumn("suite").AddColumn("status").AddColumn("reason").AddColumn(new TableColumn("rollouts").RightAligned());
            foreach (var entry in report.Entries)
            {
                foreach (var failure in entry.FailureReasons)
                {
                    failures.AddRow(Cell(entry.Model), Cell(entry.Suite), new Text(VerdictWords.Of(failure.Status)), Cell(failure.Reason),
                        new Text(CellText.Count(failure.Rollouts)));
                }
            }

            parts.Add(new Text(CellText.FailuresHeading));
            parts.Add(failures);
        }
        foreach (var entry in report.Entries.Where(_ => hardestProblems > 0))
        {
            parts.Add(Cell($"{entry.Model} on {entry.Suite}: hardest problems"));
            var problems = new Table();
            problems.AddColumn("problem").AddColumn(new TableColumn("samples").RightAligned())
                .AddColumn(new TableColumn("passed").RightAligned()).AddColumn(new TableColumn("rate").RightAligned());
            foreach (var problem in entry.ProblemsHardestFirst.Take(hardestProblems))
            {
                problems.AddRow(Cell(problem.ProblemId), new Text(CellText.Count(problem.Samples)), new Text(CellText.Count(problem.Passed)), new Text(CellText.Rate(problem.Rate)));
            }

            parts.Add(problems);
        }

        if (report.Entries.SelectMany(e => e.PassAtK).FirstOrDefault(p => p.NotComputable is not null) is { } missing)
        {
            parts.Add(new Text($"n/a: {missing.NotComputable}."));
        }

        return new Rows(parts);
    }

    // Model, suite and problem ids come from files and services: never raw to a terminal.
    private static Text Cell(string text) => new(TerminalText.Escape(text));
}
