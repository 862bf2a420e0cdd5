using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Assay.Archive;
using Assay.Core;
using Assay.Reports;

namespace Assay.Cli;

/// <summary>
/// <c>assay export --campaign ID [--db] [--out FILE]</c>: every archived attempt of a campaign as JSON Lines, one per
/// rollout: human-eval's samples format (<c>task_id</c>, <c>completion</c>) plus the verdict, attempt, tokens, cost,
/// latency and logprobs where stored — the per-sample log of lm-evaluation-harness's <c>--log_samples</c>.
/// </summary>
internal static class ExportCommand
{
    // One object per line; non-ASCII and control characters escaped, so the output is safe on a terminal too.
    private static readonly JsonSerializerOptions LineOptions = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static Command Create()
    {
        var campaign = new Option<string>("--campaign") { Description = "The campaign to export", Required = true };
        var db = new Option<string>("--db") { Description = "Archive: a SQLite file or a PostgreSQL URL", DefaultValueFactory = _ => ArchiveFactory.DefaultDb };
        var output = new Option<string?>("--out") { Description = "The JSONL file to write (default: standard output)" };
        var command = new Command("export", "Write every rollout of a campaign as JSONL: task_id and completion (human-eval's samples format) "
            + "with the verdict, attempt, tokens, cost, latency and logprobs")
        {
            campaign, db, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(campaign)!;
            var dbValue = parse.GetValue(db)!;
            var archive = await Archives.OpenExistingAsync(dbValue, cancellationToken).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                _ = await archive.GetCampaignAsync(id, cancellationToken).ConfigureAwait(false)
                    ?? throw new UserInputException($"--campaign {TerminalText.Escape(id)}: no campaign with this id in --db {dbValue}");
                var counted = new HashSet<string>(StringComparer.Ordinal);
                await foreach (var rollout in archive.ReadRolloutsAsync(id, cancellationToken).ConfigureAwait(false))
                {
                    counted.Add(rollout.Id);
                }

                var path = parse.GetValue(output);
                var writer = path is null ? Console.Out : new StreamWriter(path);
                var lines = 0;
                try
                {
                    await foreach (var rollout in archive.ReadAllAttemptsAsync(id, cancellationToken).ConfigureAwait(false))
                    {
                        await writer.WriteLineAsync(Line(rollout, counted.Contains(rollout.Id))).ConfigureAwait(false);
                        lines++;
                    }
                }
                finally
                {
                    if (path is not null)
                    {
                        await writer.DisposeAsync().ConfigureAwait(false);
                    }
                }

                if (path is not null)
                {
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"exported {lines} rollouts of campaign {TerminalText.Escape(id)} to {path}")).ConfigureAwait(false);
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>One rollout as a JSON line; <paramref name="counted"/> says whether reports read this attempt for its slot.</summary>
    public static string Line(Rollout rollout, bool counted)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var verdict = rollout.Verdict;
        return JsonSerializer.Serialize(
            new
            {
                task_id = rollout.ProblemId,
                completion = rollout.Completion,
                campaign_id = rollout.CampaignId,
                rollout_id = rollout.Id,
                sample_index = rollout.SampleIndex,
                attempt = rollout.Attempt,
                counted,
                model = rollout.Model,
                status = VerdictWords.Of(verdict.Status),
                passed = verdict.Passed,
                reward = verdict.Reward,
                detail = verdict.Detail,
                isolation = VerdictWords.Of(verdict.Isolation),
                verifier = verdict.Verifier,
                finish_reason = rollout.FinishReason,
                prompt_tokens = rollout.PromptTokens,
                completion_tokens = rollout.CompletionTokens,
                cost_usd = rollout.Cost,
                latency_ms = rollout.Latency.TotalMilliseconds,
                verify_ms = verdict.Elapsed.TotalMilliseconds,
                created_at = rollout.CreatedAt,
                logprobs = rollout.Logprobs?.Select(t => new
                {
                    token = t.Token,
                    logprob = t.Logprob,
                    top = t.Top.Select(a => new { token = a.Token, logprob = a.Logprob }),
                }),
            },
            LineOptions);
    }
}
