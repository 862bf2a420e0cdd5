using System.Globalization;
using System.Text.Json;
using Assay.Core;
using Assay.Reports;
using Assay.Rollouts;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>How <c>assay run</c> tells what happened: the table and hint at the end, and the <c>--json</c> summary.</summary>
internal static partial class RunCommand
{
    private static readonly JsonSerializerOptions SummaryOptions = new() { WriteIndented = true };

    private static void PrintSummary(CampaignResult r, CampaignBudget budget, string db)
    {
        var scored = r.Archived - r.InfrastructureFailures - r.Refused;
        var rate = r.Elapsed > TimeSpan.Zero ? r.Archived / r.Elapsed.TotalSeconds : 0;
        var table = new Table().HideHeaders().AddColumns("", "");
        void Row(string name, FormattableString value) => table.AddRow(name, Markup.Escape(value.ToString(CultureInfo.InvariantCulture)));
        Row("campaign", $"{r.CampaignId}");
        Row("status", $"{StatusWord(r.StopReason)}");
        Row("archived", $"{r.AlreadyArchived + r.Stored}/{r.Planned} ({r.Stored} by this run, {r.Retried} of them retried slots)");
        if (r.Archived > r.Stored)
        {
            Row("answered, not archived", $"{r.Archived - r.Stored}, kept in {r.SpillPath}: a resume archives them first");
        }

        if (r.Replayed > 0)
        {
            Row("replayed from the spill", $"{r.Replayed} answered by an earlier run");
        }

        Row("passed", $"{r.Passed} of {scored} scored ({(scored == 0 ? 0 : (double)r.Passed / scored):P1})");
        Row("infrastructure failures", $"{r.InfrastructureFailures}");
        Row("refused requests", $"{r.Refused}");
        foreach (var reason in r.FailureReasons)
        {
            Row($"  {StatusWord(reason.Status)} ×{reason.Count}", $"{reason.Reason}");
        }

        Row("isolation", $"{(r.Isolations.Count == 0 ? "none scored" : string.Join(", ", r.Isolations.Select(i => $"{IsolationWord(i.Key)} ({i.Value})")))}");
        Row("tokens", $"{r.PromptTokens:N0} prompt, {r.CompletionTokens:N0} completion");
        Row("cost", $"${r.Cost:F4} this run, ${r.SpentBefore + r.Cost:F4} in all{(budget.MaxCost is { } max ? $" of ${max:F4} (--max-cost)" : "")}");
        Row("throughput", $"{rate:F1} rollouts/s over {r.Elapsed.TotalSeconds:F1} s");
        AnsiConsole.Write(table);
        var resume = $"assay run --resume {r.CampaignId}{(db == Archive.ArchiveFactory.DefaultDb ? "" : $" --db {db}")}";
        var hint = r.StopReason switch
        {
            CampaignStopReason.Completed when r.InfrastructureFailures > 0 => $"completed with {r.InfrastructureFailures} slots lost to infrastructure failures: {resume} asks them again",
            CampaignStopReason.Completed => null,
            CampaignStopReason.Budget => $"stopped (budget): the next rollout's worst case no longer fits in --max-cost; finish with {resume} --max-cost D (a larger limit)",
            CampaignStopReason.InfrastructureThreshold => $"stopped (infrastructure-threshold): infrastructure failures passed --max-infra-failures; once the service or sandbox is fixed, {resume} asks the failed slots again",
            CampaignStopReason.ArchiveFailure => null,
            CampaignStopReason.Refused => "stopped (refused): the service refused a request it will always refuse; fix the model, key, URL or suite (refused slots are not asked again)",
            _ => $"stopped (cancelled): finish with {resume}",
        };
        if (hint is not null)
        {
            // Plain and unwrapped, wherever the console goes (standard error with --json): the command is copied as it is.
            AnsiConsole.Console.Profile.Out.Writer.WriteLine(hint);
        }

        if (r.StopReason == CampaignStopReason.ArchiveFailure)
        {
            // One line naming the database, the campaign, what is archived, where the rest is, and the command that resumes.
            Console.Error.WriteLine(
                $"error: the archive --db {db} failed: {r.ArchiveFailure}; campaign {r.CampaignId} stopped with {r.AlreadyArchived + r.Stored}/{r.Planned} "
                + $"rollouts archived (all {r.Archived} answered by this run are kept in {r.SpillPath ?? "no spill"}); once it is fixed, "
                + $"assay run --resume {r.CampaignId} --db {db} archives them first and finishes");
        }
    }

    internal static string StatusWord(CampaignStopReason reason) => CampaignStopReasonWords.Of(reason);

    private static string StatusWord(VerdictStatus status) => VerdictWords.Of(status);

    private static string IsolationWord(Isolation isolation) => VerdictWords.Of(isolation);

    /// <summary>The <c>--json</c> summary: what the table says, in snake_case fields.</summary>
    private static string SummaryJson(Campaign campaign, CampaignResult r, CampaignBudget budget, int exitCode) => JsonSerializer.Serialize(
        new Dictionary<string, object?>
        {
            ["campaign_id"] = r.CampaignId,
            ["model"] = campaign.Model,
            ["suite"] = campaign.Suite,
            ["status"] = StatusWord(r.StopReason),
            ["exit_code"] = exitCode,
            ["planned"] = r.Planned,
            ["archived"] = r.AlreadyArchived + r.Stored,
            ["archived_by_this_run"] = r.Stored,
            ["answered_by_this_run"] = r.Archived,
            ["replayed_from_spill"] = r.Replayed,
            ["spill_path"] = r.Archived > r.Stored ? r.SpillPath : null,
            ["archive_failure"] = r.ArchiveFailure,
            ["retried"] = r.Retried,
            ["passed"] = r.Passed,
            ["scored"] = r.Archived - r.InfrastructureFailures - r.Refused,
            ["infrastructure_failures"] = r.InfrastructureFailures,
            ["refused"] = r.Refused,
            ["failure_reasons"] = r.FailureReasons.Select(f => new Dictionary<string, object>
            {
                ["status"] = VerdictWords.Of(f.Status),
                ["reason"] = f.Reason,
                ["count"] = f.Count,
            }).ToList(),
            ["isolation"] = r.Isolations.ToDictionary(i => VerdictWords.Of(i.Key), i => i.Value),
            ["prompt_tokens"] = r.PromptTokens,
            ["completion_tokens"] = r.CompletionTokens,
            ["cost_usd"] = r.Cost,
            ["campaign_cost_usd"] = r.SpentBefore + r.Cost,
            ["max_cost_usd"] = budget.MaxCost,
            ["elapsed_seconds"] = Math.Round(r.Elapsed.TotalSeconds, 3),
        },
        SummaryOptions);
}
