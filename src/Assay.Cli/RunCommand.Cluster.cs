using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Assay.Archive;
using Assay.Cluster;
using Assay.Rollouts;
using Spectre.Console;

namespace Assay.Cli;

/// <summary><c>assay run --cluster nats://…</c>: the same campaign, planned and stored here, its slots asked by
/// <c>assay worker</c> processes on any number of machines (<see cref="ClusterCampaignRun"/>).</summary>
internal static partial class RunCommand
{
    private static readonly Option<int> PublishWindow = new("--publish-window")
    {
        Description = "With --cluster: the most chunks of the campaign kept in the stream unacknowledged; more are published as workers acknowledge them (caps the backlog KEDA sees)",
        DefaultValueFactory = _ => new ClusterOptions().PublishWindow,
    };

    private static async Task<int> RunOnClusterAsync(
        ParseResult parse, string url, InfrastructureThreshold threshold, bool json, Func<int> signal, CancellationToken cancellationToken)
    {
        var db = parse.GetValue(Db)!;
        var window = parse.GetValue(PublishWindow);
        if (window < 1)
        {
            throw new UserInputException($"--publish-window {window}: must be at least 1");
        }

        var options = ClusterFlags.Options(parse) with { PublishWindow = window };
        var slots = ClusterFlags.OpenSlots(db);
        await using (slots.ConfigureAwait(false))
        {
            var archive = await Archives.OpenAsync(db, cancellationToken, parse.GetValue(AllowOtherTables)).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                // The coordinator holds the campaign's lease, as a single run does: one coordinator per campaign.
                var claimed = await ClaimAsync(parse, archive, cancellationToken).ConfigureAwait(false);
                await using var releasing = claimed.ConfigureAwait(false);
                var (campaign, problems, lease) = (claimed.Campaign, claimed.Problems, claimed.Lease);
                cancellationToken = claimed.Token;
                await archive.SaveCampaignAsync(campaign, problems, cancellationToken).ConfigureAwait(false);
                var plan = await CampaignRunner.PlanAsync(archive, campaign, problems, cancellationToken).ConfigureAwait(false);
                var spent = (await archive.GetAttemptsAsync(campaign.Id, cancellationToken).ConfigureAwait(false)).Sum(a => a.Cost);
                var limits = new ClusterLimits(parse.GetValue(RequestsPerMinute), parse.GetValue(TokensPerMinute));

                var cluster = await ClusterFlags.ConnectAsync(url, $"assay run {campaign.Id}", options, cancellationToken).ConfigureAwait(false);
                await using (cluster.ConfigureAwait(false))
                {
                    AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"campaign {campaign.Id}: {campaign.Model} × {campaign.Suite} ({problems.Count} problems) × {campaign.SamplesPerProblem}: {plan.Count} slots in chunks of {options.ChunkSize} to {url}, at most {options.PublishWindow} chunks in the stream"));
                    var run = new ClusterCampaignRun(cluster, slots, TimeProvider.System);
                    var progress = new Progress<ClusterProgress>(p => AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{p.Archived}/{p.Planned} archived · {p.RolloutsPerSecond:F0}/s · infra {p.InfrastructureFailures} · {p.Pending} chunks pending · {p.Verifying} answers to verify")));
                    var planned = problems.Count * campaign.SamplesPerProblem;
                    await archive.SetCampaignStateAsync(new CampaignState(campaign.Id, CampaignState.Running, null, planned, TimeProvider.System.GetUtcNow()), cancellationToken)
                        .ConfigureAwait(false);
                    var result = await run.RunAsync(campaign, plan, spent, limits, threshold, options, progress, cancellationToken).ConfigureAwait(false);
                    var state = result.StopReason == CampaignStopReason.Completed
                        ? new CampaignState(campaign.Id, CampaignState.Completed, null, planned, TimeProvider.System.GetUtcNow())
                        : new CampaignState(campaign.Id, CampaignState.Stopped, CampaignStopReasonWords.Of(result.StopReason), planned, TimeProvider.System.GetUtcNow());
                    await archive.SetCampaignStateAsync(state, CancellationToken.None).ConfigureAwait(false);
                    var exitCode = lease.Lost.IsCancellationRequested ? LeaseHeld : ExitCodeOf(result.StopReason, signal());
                    PrintClusterSummary(result);
                    if (lease.LostReason is { } lost)
                    {
                        await Console.Error.WriteLineAsync($"error: campaign {campaign.Id} stopped: {lost}").ConfigureAwait(false);
                    }

                    if (json)
                    {
                        await Console.Out.WriteLineAsync(ClusterSummaryJson(result, exitCode)).ConfigureAwait(false);
                    }

                    return exitCode;
                }
            }
        }
    }

    private static void PrintClusterSummary(ClusterResult r)
    {
        var table = new Table().HideHeaders().AddColumns("", "");
        void Row(string name, FormattableString value) => table.AddRow(name, Markup.Escape(value.ToString(CultureInfo.InvariantCulture)));
        Row("campaign", $"{r.CampaignId}");
        Row("status", $"{StatusWord(r.StopReason)}");
        Row("archived", $"{r.Archived}/{r.Planned} by the workers");
        Row("infrastructure failures", $"{r.InfrastructureFailures}");
        Row("asked again after a redelivery", $"{r.Reasked} (at most this many requests paid twice)");
        Row("dead-letter chunks", $"{r.DeadChunks} ({r.DeadSlots} slots not asked)");
        Row("verifier", $"{r.Verifier ?? "none (no worker took a chunk)"}");
        Row("throughput", $"{(r.Elapsed > TimeSpan.Zero ? r.Archived / r.Elapsed.TotalSeconds : 0):F1} rollouts/s over {r.Elapsed.TotalSeconds:F1} s");
        AnsiConsole.Write(table);
        if (r.DeadChunks > 0)
        {
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{r.DeadChunks} chunks kept killing the workers that took them and were moved to the {ClusterNames.DeadStream} stream; their {r.DeadSlots} slots are not archived (assay run --cluster ... --resume {r.CampaignId} publishes them again)")));
        }
    }

    private static string ClusterSummaryJson(ClusterResult r, int exitCode) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["campaign"] = r.CampaignId,
        ["status"] = StatusWord(r.StopReason),
        ["exit_code"] = exitCode,
        ["planned"] = r.Planned,
        ["archived"] = r.Archived,
        ["infrastructure_failures"] = r.InfrastructureFailures,
        ["reasked"] = r.Reasked,
        ["dead_chunks"] = r.DeadChunks,
        ["dead_slots"] = r.DeadSlots,
        ["verifier"] = r.Verifier,
        ["most_chunks_in_stream"] = r.MostChunksInStream,
        ["seconds"] = Math.Round(r.Elapsed.TotalSeconds, 3),
    }, SummaryOptions);
}
