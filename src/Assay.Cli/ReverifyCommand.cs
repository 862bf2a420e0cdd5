using System.CommandLine;
using Assay.Archive;
using Assay.Core;
using Assay.Reports;
using Assay.Rollouts;
using Assay.Suites;
using Assay.Verification;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>
/// <c>assay reverify --campaign ID [--suite S] [--db] [--workers N] [--unsafe-no-sandbox] [--format table|json]</c>:
/// scores a campaign's archived completions again with today's verifier and shows every verdict that changed. It only
/// reads: the archive is append-only, and a re-score is an audit of the archived rewards, not a correction of them.
/// </summary>
internal static class ReverifyCommand
{
    /// <summary>Exit code when every re-scored verdict agrees with the archived one.</summary>
    private const int Agrees = 0;

    /// <summary>Exit code when some verdict changed (another status or reward, an infrastructure failure now included).</summary>
    private const int Changed = 1;

    public static Command Create()
    {
        var campaign = new Option<string>("--campaign") { Description = "The campaign whose rollouts to score again", Required = true };
        var suite = new Option<string?>("--suite")
        {
            Description = "Suite name or JSONL(.gz) file holding the campaign's problems (default: the problems archived with the campaign, "
                + "or its suite by name for a campaign archived before problems were stored)",
        };
        var db = new Option<string>("--db") { Description = "Archive: a SQLite file or a PostgreSQL URL", DefaultValueFactory = _ => ArchiveFactory.DefaultDb };
        var workers = new Option<int>("--workers") { Description = "Sandbox workers for code problems", DefaultValueFactory = _ => Environment.ProcessorCount };
        var unsafeNoSandbox = CliOptions.UnsafeNoSandbox();
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command(
            "reverify",
            "Score a campaign's archived completions again with today's verifier and show each verdict that changed "
            + "(another status or reward), with the old and new status, detail and verifier. Never writes rollouts or "
            + "verdicts: the archive is append-only (opening an older archive still brings its schema up to date, as every "
            + "verb does). Rollouts archived as infrastructure failures have no verdict to check and are skipped. "
            + "Exit code 0: every verdict agrees; 1: some verdict changed; 2: bad input")
        {
            campaign, suite, db, workers, unsafeNoSandbox, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dbValue = parse.GetValue(db)!;
            var archive = await Archives.OpenExistingAsync(dbValue, cancellationToken).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                var id = parse.GetRequiredValue(campaign);
                var stored = await archive.GetCampaignAsync(id, cancellationToken).ConfigureAwait(false)
                    ?? throw new UserInputException($"--campaign {id}: no campaign with this id in --db {dbValue}");
                // The problems stored with the campaign unless --suite names others; a campaign archived before problems
                // were stored (and not resumed since) has none, and falls back to its suite by name.
                var suiteName = parse.GetValue(suite);
                var archived = suiteName is null ? await archive.GetProblemsAsync(id, cancellationToken).ConfigureAwait(false) : [];
                suiteName ??= stored.Suite;
                var problems = ProblemsOf(stored, suiteName, archived.Count > 0 ? archived : SuiteCatalog.Resolve(suiteName));
                var rollouts = new List<Rollout>();
                await foreach (var rollout in archive.ReadRolloutsAsync(id, cancellationToken).ConfigureAwait(false))
                {
                    rollouts.Add(rollout);
                }

                var rescorable = rollouts.Where(Reverification.IsRescorable).ToList();
                if (rescorable.FirstOrDefault(r => !problems.ContainsKey(r.ProblemId)) is { } orphan)
                {
                    throw new UserInputException(archived.Count > 0
                        ? $"--campaign {id}: has rollouts of problem '{orphan.ProblemId}', which is not among the problems archived with it"
                        : $"--suite {suiteName}: campaign {id} has rollouts of problem '{orphan.ProblemId}', which this suite does not have");
                }

                var rescored = await RescoreAsync(
                    rescorable, problems, parse.GetValue(workers), parse.GetValue(unsafeNoSandbox), parse.GetValue(format) == "table", cancellationToken).ConfigureAwait(false);
                var outcome = new ReverifyOutcome(stored, suiteName, rescored, rollouts.Count - rescorable.Count);
                if (parse.GetValue(format) == "json")
                {
                    await Console.Out.WriteLineAsync(ReverifyOutput.Json(outcome)).ConfigureAwait(false);
                }
                else
                {
                    ReverifyOutput.Table(outcome, TableConsole.For(Console.Out));
                }

                return rescored.Any(r => r.Changed) ? Changed : Agrees;
            }
        });
        return command;
    }

    private static Dictionary<string, Problem> ProblemsOf(Campaign campaign, string suite, IReadOnlyList<Problem> source)
    {
        var problems = new Dictionary<string, Problem>(StringComparer.Ordinal);
        foreach (var problem in source)
        {
            if (!problems.TryAdd(problem.Id, problem))
            {
                throw new UserInputException($"--suite {suite}: problem id '{problem.Id}' appears twice, so campaign {campaign.Id}'s rollouts of it are ambiguous");
            }
        }

        return problems;
    }

    private static async Task<IReadOnlyList<Rescored>> RescoreAsync(
        List<Rollout> rollouts, Dictionary<string, Problem> problems, int workers, bool unsafeNoSandbox, bool showProgress, CancellationToken cancellationToken)
    {
        // The sandbox starts only when some completion is code: a campaign of exact answers re-scores in process.
        var sandbox = rollouts.Any(r => problems[r.ProblemId].Check is PythonTestsCheck)
            ? await Sandboxes.StartAsync(workers, unsafeNoSandbox, cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            IVerifier verifier = sandbox is null ? new ExactAnswerVerifier() : new Verifier(new ExactAnswerVerifier(), sandbox);
            var concurrency = sandbox is null ? 1 : sandbox.Workers * 2;
            if (!showProgress)
            {
                return await Reverification.RescoreAsync(verifier, rollouts, problems, concurrency, null, cancellationToken).ConfigureAwait(false);
            }

            IReadOnlyList<Rescored> rescored = [];
            await AnsiConsole.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("re-scoring", maxValue: Math.Max(rollouts.Count, 1));
                var progress = new Progress<int>(done => task.Value = done);
                rescored = await Reverification.RescoreAsync(verifier, rollouts, problems, concurrency, progress, cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
            return rescored;
        }
        finally
        {
            if (sandbox is not null)
            {
                await sandbox.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
