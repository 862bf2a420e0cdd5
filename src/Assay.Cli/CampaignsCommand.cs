using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Assay.Archive;
using Assay.Reports;
using Spectre.Console;

namespace Assay.Cli;

/// <summary><c>assay campaigns [--db] [--format table|json]</c>: the archive's campaigns, newest first, with their
/// settings, derived status, planned and archived slots and what they cost.</summary>
internal static class CampaignsCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "Archive: a SQLite file or a PostgreSQL URL", DefaultValueFactory = _ => ArchiveFactory.DefaultDb };
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("campaigns", "List the archive's campaigns, newest first (those with no rollout yet too): model, suite, settings, status (running, completed, stopped and why), planned and archived slots, cost")
        {
            db, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var archive = await Archives.OpenExistingAsync(parse.GetValue(db)!, cancellationToken).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                var summaries = new List<CampaignSummary>();
                var states = (await archive.ListCampaignStatesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.CampaignId, StringComparer.Ordinal);
                var owners = (await archive.ListLeasesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(l => l.CampaignId, StringComparer.Ordinal);
                foreach (var campaign in await archive.ListCampaignsAsync(cancellationToken).ConfigureAwait(false))
                {
                    summaries.Add(await CampaignSummary.ReadAsync(
                        archive, campaign, states.GetValueOrDefault(campaign.Id), owners.GetValueOrDefault(campaign.Id), cancellationToken).ConfigureAwait(false));
                }

                if (parse.GetValue(format) == "json")
                {
                    await Console.Out.WriteLineAsync(Json(summaries)).ConfigureAwait(false);
                }
                else if (summaries.Count == 0)
                {
                    await Console.Out.WriteLineAsync($"no campaigns in --db {parse.GetValue(db)}").ConfigureAwait(false);
                }
                else
                {
                    TableConsole.For(Console.Out).Write(Table(summaries));
                }
            }

            return 0;
        });
        return command;
    }

    private static string Json(IEnumerable<CampaignSummary> summaries) => JsonSerializer.Serialize(
        summaries.Select(s => new
        {
            id = s.Campaign.Id,
            model = s.Campaign.Model,
            suite = s.Campaign.Suite,
            samples_per_problem = s.Campaign.SamplesPerProblem,
            temperature = s.Campaign.Settings.Temperature,
            top_p = s.Campaign.Settings.TopP,
            max_tokens = s.Campaign.Settings.MaxTokens,
            seed = s.Campaign.Settings.Seed,
            top_logprobs = s.Campaign.Settings.TopLogprobs,
            problems = s.Campaign.EffectiveProblems.Pattern,
            limit = s.Campaign.EffectiveProblems.Limit,
            status = s.Status,
            stop_reason = s.StopReason,
            owner = s.Status == CampaignState.Running && s.Owner is { } owner
                ? new { host = owner.Host, pid = owner.Pid, since = owner.Since, heartbeat = owner.Heartbeat }
                : null,
            planned = s.Planned,
            archived = s.Archived,
            infrastructure_failures = s.InfrastructureFailures,
            refused = s.Refused,
            cost_usd = s.Cost,
            max_cost_usd = s.Campaign.EffectiveBudget.MaxCost,
            created_at = s.Campaign.CreatedAt,
        }),
        JsonOptions);

    private static Table Table(IEnumerable<CampaignSummary> summaries)
    {
        var table = new Table();
        table.AddColumn("campaign").AddColumn("model").AddColumn("suite").AddColumn("settings").AddColumn("status")
            .AddColumn(new TableColumn("planned").RightAligned()).AddColumn(new TableColumn("archived").RightAligned())
            .AddColumn(new TableColumn("infra failures").RightAligned()).AddColumn(new TableColumn("cost").RightAligned()).AddColumn("created");
        foreach (var s in summaries)
        {
            // Ids, models and suites come from files and users: never raw to a terminal.
            table.AddRow(
                new Text(TerminalText.Escape(s.Campaign.Id)),
                new Text(TerminalText.Escape(s.Campaign.Model)),
                new Text(TerminalText.Escape(s.Campaign.Suite)),
                new Text(TerminalText.Escape(s.Settings)),
                new Text(TerminalText.Escape(s.StatusText)),
                new Text(s.Planned is { } planned ? planned.ToString(CultureInfo.InvariantCulture) : "?"),
                new Text(s.Archived.ToString(CultureInfo.InvariantCulture)),
                new Text(s.InfrastructureFailures.ToString(CultureInfo.InvariantCulture)),
                new Text("$" + s.Cost.ToString("0.######", CultureInfo.InvariantCulture)),
                new Text(s.Campaign.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z"));
        }

        return table;
    }
}
