using System.Globalization;
using System.Text.Json;
using Assay.Core;
using Assay.Reports;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>Writes what <c>assay reverify</c> found: a summary, the old → new status counts, then each changed verdict.</summary>
internal static class ReverifyOutput
{
    // A table cell holds at most this much of a verdict's detail (a traceback can be long); the JSON holds all of it.
    private const int DetailInTable = 200;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static void Table(ReverifyOutcome outcome, IAnsiConsole console)
    {
        var changes = outcome.Changes;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"campaign {outcome.Campaign.Id}: {TerminalText.Escape(outcome.Campaign.Model)} × {TerminalText.Escape(outcome.Suite)}, re-scored with today's verifier"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"re-scored {outcome.Rescored.Count}, unchanged {outcome.Rescored.Count - changes.Count}, changed {changes.Count}; "
            + $"skipped {outcome.Skipped} (infrastructure failures when archived: no verdict to check)"));
        var transitions = new Table().AddColumn("archived").AddColumn("now").AddColumn(new TableColumn("rollouts").RightAligned());
        foreach (var (from, to, count) in outcome.Transitions)
        {
            transitions.AddRow(new Text(VerdictWords.Of(from)), new Text(VerdictWords.Of(to)), new Text(count.ToString(CultureInfo.InvariantCulture)));
        }

        console.Write(transitions);
        if (changes.Count == 0)
        {
            console.WriteLine("no verdict changed");
            return;
        }

        console.WriteLine("changed verdicts");
        var table = new Table().AddColumn("rollout").AddColumn("problem").AddColumn(new TableColumn("sample").RightAligned())
            .AddColumn("archived verdict").AddColumn("verdict now");
        foreach (var change in changes)
        {
            var rollout = change.Rollout;
            table.AddRow(new Text(rollout.Id), new Text(TerminalText.Escape(rollout.ProblemId)), new Text(rollout.SampleIndex.ToString(CultureInfo.InvariantCulture)),
                new Text(Describe(rollout.Verdict)), new Text(Describe(change.Verdict)));
        }

        console.Write(table);
    }

    public static string Json(ReverifyOutcome outcome)
    {
        var changes = outcome.Changes;
        return JsonSerializer.Serialize(
            new
            {
                campaign = outcome.Campaign.Id,
                model = outcome.Campaign.Model,
                suite = outcome.Suite,
                rescored = outcome.Rescored.Count,
                unchanged = outcome.Rescored.Count - changes.Count,
                changed = changes.Count,
                skipped_infrastructure = outcome.Skipped,
                transitions = outcome.Transitions.Select(t => new { from = VerdictWords.Of(t.From), to = VerdictWords.Of(t.To), rollouts = t.Count }),
                changes = changes.Select(c => new
                {
                    rollout_id = c.Rollout.Id,
                    problem_id = c.Rollout.ProblemId,
                    sample_index = c.Rollout.SampleIndex,
                    archived = Fields(c.Rollout.Verdict),
                    now = Fields(c.Verdict),
                }),
            },
            JsonOptions);
    }

    private static object Fields(Verdict verdict) => new
    {
        status = VerdictWords.Of(verdict.Status),
        reward = verdict.Reward,
        detail = verdict.Detail,
        isolation = VerdictWords.Of(verdict.Isolation),
        verifier = verdict.Verifier,
    };

    private static string Describe(Verdict verdict)
    {
        var detail = verdict.Detail.Length > DetailInTable ? verdict.Detail[..DetailInTable] + "…" : verdict.Detail;
        return string.Create(CultureInfo.InvariantCulture,
            $"{VerdictWords.Of(verdict.Status)} (reward {verdict.Reward:0.###})\n{TerminalText.Escape(detail)}\n{VerdictWords.Of(verdict.Isolation)}, verifier {VerdictWords.Verifier(verdict.Verifier)}");
    }
}
