using System.CommandLine;
using System.Globalization;
using Assay.Archive;
using Assay.Core;
using Assay.Reports;

namespace Assay.Cli;

/// <summary>
/// <c>assay report [--campaign ID ... | --all] [--format table|json|markdown] [--db] [-k 1,10,100]</c>: pass@k with
/// intervals, cost per verified solution and infrastructure failures, computed and rendered by Assay.Reports. One
/// campaign, the latest, unless the user names several or asks for all: campaigns are never pooled silently.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var campaign = new Option<string[]>("--campaign") { Description = "The campaign to report (default: the latest); repeat it or separate ids with commas to pool several" };
        var all = new Option<bool>("--all") { Description = "Pool every campaign in the archive" };
        var format = new Option<ReportFormat>("--format") { Description = "table, json or markdown", DefaultValueFactory = _ => ReportFormat.Table };
        var db = new Option<string>("--db") { Description = "Archive: a SQLite file or a PostgreSQL URL", DefaultValueFactory = _ => ArchiveFactory.DefaultDb };
        var ks = new Option<string>("-k") { Description = "Comma-separated k for pass@k", DefaultValueFactory = _ => "1,10,100" };
        var command = new Command("report", "Report pass@k, cost per verified solution and failures from the archive") { campaign, all, format, db, ks };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ReportOptions(CliOptions.ParseKs(parse.GetValue(ks)!));
            var dbValue = parse.GetValue(db)!;
            var archive = await Archives.OpenExistingAsync(dbValue, cancellationToken).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                var ids = (parse.GetValue(campaign) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .Distinct(StringComparer.Ordinal).ToList();
                var campaigns = await SelectAsync(archive, ids, parse.GetValue(all), dbValue, cancellationToken).ConfigureAwait(false);
                await WriteAsync(archive, campaigns, options, parse.GetValue(format), cancellationToken).ConfigureAwait(false);
                if (parse.GetValue(format) != ReportFormat.Json)
                {
                    await WriteStatusAsync(archive, campaigns, parse.GetValue(format), cancellationToken).ConfigureAwait(false);
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>The campaigns a report covers: those named, every one with <paramref name="all"/>, else the latest.</summary>
    private static async Task<IReadOnlyList<Campaign>> SelectAsync(IRolloutArchive archive, List<string> ids, bool all, string db, CancellationToken cancellationToken)
    {
        if (all && ids.Count > 0)
        {
            throw new UserInputException("--all and --campaign: give one or the other");
        }

        if (ids.Count == 0)
        {
            var stored = await archive.ListCampaignsAsync(cancellationToken).ConfigureAwait(false);
            return stored.Count == 0 ? throw new UserInputException($"--db {db}: no campaign archived there yet")
                : all ? stored : [stored[0]];
        }

        var campaigns = new List<Campaign>();
        foreach (var id in ids)
        {
            campaigns.Add(await archive.GetCampaignAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new UserInputException($"--campaign {TerminalText.Escape(id)}: no campaign with this id in --db {db}"));
        }

        return campaigns;
    }

    /// <summary>
    /// One line per campaign the report covers: its status and planned slots beside the archived ones, so a campaign in
    /// progress or stopped never reads like a finished one, and a campaign with no rollout yet (absent from the table)
    /// is still listed.
    /// </summary>
    private static async Task WriteStatusAsync(IRolloutArchive archive, IReadOnlyList<Campaign> campaigns, ReportFormat format, CancellationToken cancellationToken)
    {
        var states = (await archive.ListCampaignStatesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.CampaignId, StringComparer.Ordinal);
        var owners = (await archive.ListLeasesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(l => l.CampaignId, StringComparer.Ordinal);
        var markdown = format == ReportFormat.Markdown;
        await Console.Out.WriteLineAsync(markdown ? "\n**Campaigns**\n" : "\ncampaign status:").ConfigureAwait(false);
        foreach (var campaign in campaigns)
        {
            var summary = await CampaignSummary.ReadAsync(
                archive, campaign, states.GetValueOrDefault(campaign.Id), owners.GetValueOrDefault(campaign.Id), cancellationToken).ConfigureAwait(false);
            var planned = summary.Planned is { } p ? p.ToString(CultureInfo.InvariantCulture) : "?";
            var id = TerminalText.Escape(campaign.Id);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(markdown ? "- " : "  ")}{(markdown ? $"`{id}`" : id)}: {TerminalText.Escape(summary.StatusText)}, {summary.Archived} of {planned} planned slots archived"))
                .ConfigureAwait(false);
        }
    }

    /// <summary>Builds the report of <paramref name="campaigns"/> from the archive and writes it to standard output.</summary>
    public static async Task WriteAsync(IRolloutArchive archive, IReadOnlyList<Campaign> campaigns, ReportOptions options, ReportFormat format, CancellationToken cancellationToken)
    {
        var rollouts = new List<Rollout>();
        foreach (var c in campaigns)
        {
            await foreach (var rollout in archive.ReadRolloutsAsync(c.Id, cancellationToken).ConfigureAwait(false))
            {
                rollouts.Add(rollout);
            }
        }

        ReportRenderer.Write(ReportBuilder.Build(rollouts, campaigns, options), format, Console.Out);
    }
}
