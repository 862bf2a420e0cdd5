using System.CommandLine;
using Assay.Archive;
using Assay.Core;
using Assay.Reports;

namespace Assay.Cli;

/// <summary>
/// <c>assay report [--campaign ID] [--format table|json|markdown] [--db] [-k 1,10,100]</c>: pass@k with intervals,
/// cost per verified solution and infrastructure failures, computed and rendered by Assay.Reports.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var campaign = new Option<string?>("--campaign") { Description = "Report one campaign (default: every campaign in the archive)" };
        var format = new Option<ReportFormat>("--format") { Description = "table, json or markdown", DefaultValueFactory = _ => ReportFormat.Table };
        var db = new Option<string>("--db") { Description = "Archive: a SQLite file or a PostgreSQL URL", DefaultValueFactory = _ => ArchiveFactory.DefaultDb };
        var ks = new Option<string>("-k") { Description = "Comma-separated k for pass@k", DefaultValueFactory = _ => "1,10,100" };
        var command = new Command("report", "Report pass@k, cost per verified solution and failures from the archive") { campaign, format, db, ks };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ReportOptions(CliOptions.ParseKs(parse.GetValue(ks)!));
            var dbValue = parse.GetValue(db)!;
            var archive = await Archives.OpenExistingAsync(dbValue, cancellationToken).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                IReadOnlyList<Campaign> campaigns = parse.GetValue(campaign) is { } id
                    ? [await archive.GetCampaignAsync(id, cancellationToken).ConfigureAwait(false)
                        ?? throw new UserInputException($"--campaign {id}: no campaign with this id in --db {dbValue}")]
                    : await archive.ListCampaignsAsync(cancellationToken).ConfigureAwait(false);
                await WriteAsync(archive, campaigns, options, parse.GetValue(format), cancellationToken).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
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
