using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Assay.Archive;
using Assay.Core;
using Assay.Nano;
using Assay.Reports;
using Assay.Rollouts;
using Assay.Suites;
using Assay.Verification;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Assay.Cli;

/// <summary>
/// <c>assay run --model M --suite S -n N [...]</c>: a campaign, archived as it goes, with a progress bar;
/// <c>assay run --resume ID</c> finishes one that was stopped (Ctrl-C, budget, crash, kill -9, an outage).
/// </summary>
internal static partial class RunCommand
{
    /// <summary>Exit codes of <c>assay run</c> (2 and 3 are shared with every verb: <see cref="CliErrors"/>).</summary>
    public const int Completed = 0, InputError = 2, SandboxUnavailable = CliErrors.SandboxUnavailable, BudgetStop = 4,
        InfrastructureStop = 5, RefusedStop = 6, LeaseHeld = CliErrors.LeaseHeld, ArchiveStop = 8, Interrupted = 130, Terminated = 143;

    private const string ExitCodes =
        "Exit codes: 0 completed; 2 bad input; 3 no sandbox; 4 stopped by the budget (--max-cost); 5 stopped by infrastructure "
        + "failures (--max-infra-failures, or the probe request failed); 6 the service refused a request it will always refuse "
        + "(HTTP 400 such as a prompt past the context, 401/403, 404 unknown model); 7 another process is running the campaign (or took it "
        + "over); 8 the archive failed for good (answered rollouts kept in the spill); 130 interrupted (SIGINT); 143 terminated (SIGTERM)";

    private static readonly Option<string?> Model = new("--model") { Description = "Policy: nano:default, nano:PATH, openai:MODEL@BASE_URL, anthropic:MODEL" };
    private static readonly Option<string?> Suite = new("--suite") { Description = "Suite name or JSONL(.gz) file" };
    private static readonly Option<int?> Samples = new("-n") { Description = "Samples per problem (default 1)" };
    private static readonly Option<double?> Temperature = new("--temperature") { Description = "Sampling temperature (default 0.8)" };
    private static readonly Option<double?> TopP = new("--top-p") { Description = "Nucleus sampling mass (default 1.0)" };
    private static readonly Option<int?> MaxTokens = new("--max-tokens") { Description = "Completion token cap (default 256)" };
    private static readonly Option<int?> Seed = new("--seed") { Description = "Campaign seed; each rollout's sampling seed is derived from it" };
    private static readonly Option<int?> Logprobs = new("--logprobs") { Description = "Archive per-token logprobs with K alternatives per token" };
    private static readonly Option<string?> Resume = new("--resume") { Description = "Finish the campaign with this id, with its own model, suite, N and sampling settings" };
    private static readonly Option<int> Concurrency = new("--concurrency") { Description = "Most requests in flight (the adaptive limit starts here)", DefaultValueFactory = _ => new PolicyOptions().MaxConcurrency };
    private static readonly Option<string> Db = new("--db") { Description = "Archive: a SQLite file or a PostgreSQL URL", DefaultValueFactory = _ => ArchiveFactory.DefaultDb };
    private static readonly Option<FileInfo?> PriceTableFile = new("--price-table") { Description = "JSON prices per model, US dollars per million prompt/completion tokens" };
    private static readonly Option<decimal?> MaxCost = new("--max-cost") { Description = "Most US dollars the campaign may spend, all its runs together: a rollout starts only if its worst case (prompt bytes as tokens + --max-tokens) still fits. Stored with the campaign; a --resume keeps it unless given again" };
    private static readonly Option<string> MaxInfraFailures = new("--max-infra-failures") { Description = $"Stop the run when infrastructure failures pass this: {InfrastructureThreshold.Syntax}", DefaultValueFactory = _ => InfrastructureThreshold.Default.ToString() };
    private static readonly Option<int> MaxAttempts = new("--max-attempts") { Description = "Attempts per request for transient failures (429, 5xx, resets, timeouts), the first included, before the rollout is archived as an infrastructure failure", DefaultValueFactory = _ => new RetryOptions().MaxAttempts };
    private static readonly Option<string?> SystemMessage = new("--system") { Description = "A system message sent before every prompt (nano ignores it)" };
    private static readonly Option<string[]> Stop = new("--stop") { Description = "A stop sequence; repeat for several" };
    private static readonly ProblemSelection Selection = new();
    private static readonly Option<bool> Json = new("--json") { Description = "At the end, print a machine-readable summary (JSON) on standard output; everything else goes to standard error" };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Print the plan (rollouts to ask, retries) and its worst-case cost from the price table; send nothing, write nothing" };
    private static readonly Option<int?> RequestsPerMinute = new("--rpm") { Description = "Requests-per-minute limit of the service" };
    private static readonly Option<int?> TokensPerMinute = new("--tpm") { Description = "Tokens-per-minute limit of the service" };
    private static readonly Option<int> Workers = new("--workers") { Description = "Sandbox workers for code problems", DefaultValueFactory = _ => Environment.ProcessorCount };
    private static readonly Option<bool> UnsafeNoSandbox = CliOptions.UnsafeNoSandbox();
    private static readonly Option<bool> AllowOtherTables = CliOptions.AllowOtherTables();
    private static readonly Option<double> DrainGrace = new("--drain-grace") { Description = "Seconds a stopped run (Ctrl-C, SIGTERM) waits for answers in flight and for the archive; what the archive has not taken by then stays in the spill for the resume", DefaultValueFactory = _ => 30 };

    public static Command Create()
    {
        var command = new Command("run", "Roll out a policy over a suite, verify and archive every sample (no arguments: nano's base model on the bundled suite, then the report). "
            + "--resume ID asks again the slots lost to infrastructure failures, as new attempts. " + ExitCodes)
        {
            Model, Suite, Samples, Temperature, TopP, MaxTokens, Seed, Logprobs, SystemMessage, Stop, Selection.Limit, Selection.Pattern, Resume,
            Concurrency, Db, PriceTableFile, MaxCost, MaxInfraFailures, MaxAttempts, Json, DryRun, RequestsPerMinute, TokensPerMinute, Workers, UnsafeNoSandbox, AllowOtherTables, DrainGrace,
            ClusterFlags.Url, ClusterFlags.ChunkSize, ClusterFlags.AckWait, ClusterFlags.MaxDeliveries, PublishWindow,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var concurrency = parse.GetValue(Concurrency);
        if (concurrency < 1)
        {
            throw new UserInputException($"--concurrency {concurrency}: must be at least 1");
        }

        var attempts = parse.GetValue(MaxAttempts);
        if (attempts < 1)
        {
            throw new UserInputException($"--max-attempts {attempts}: must be at least 1");
        }

        InfrastructureThreshold threshold;
        try
        {
            threshold = InfrastructureThreshold.Parse(parse.GetValue(MaxInfraFailures)!);
        }
        catch (FormatException ex)
        {
            throw new UserInputException($"--max-infra-failures {ex.Message}", ex);
        }

        // SIGINT and SIGTERM both stop the run cleanly; which one arrived decides the exit code (130 or 143).
        // The first signal drains: nothing more is sent, requests in flight get --drain-grace to be answered and kept.
        // A second one gives them up at once; what was answered is still kept (in the spill at least).
        using var signalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abandon = new CancellationTokenSource();
        var signal = 0;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.CompareExchange(ref signal, context.Signal == PosixSignal.SIGTERM ? Terminated : Interrupted, 0) != 0)
            {
                abandon.Cancel();
                return;
            }

            Console.Error.WriteLine($"{context.Signal}: stopping; nothing more is sent, answers in flight are kept (another signal gives them up)");
            signalled.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        cancellationToken = signalled.Token;

        var json = parse.GetValue(Json);
        if (json)
        {
            // Standard output carries the JSON summary alone; notes, progress and the table go to standard error.
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        }

        if (parse.GetValue(DryRun))
        {
            return await DryRunAsync(parse, json, cancellationToken).ConfigureAwait(false);
        }

        if (parse.GetValue(ClusterFlags.Url) is { } cluster)
        {
            return await RunOnClusterAsync(parse, cluster, threshold, json, () => signal, cancellationToken).ConfigureAwait(false);
        }

        var archive = await Archives.OpenAsync(parse.GetValue(Db)!, cancellationToken, parse.GetValue(AllowOtherTables)).ConfigureAwait(false);
        await using (archive.ConfigureAwait(false))
        {
            // One process runs a campaign at a time: a second is refused here (CampaignLeaseHeldException, exit 7),
            // before it sends or stores anything; a run whose lease is taken over stops sending at once.
            var claimed = await ClaimAsync(parse, archive, cancellationToken).ConfigureAwait(false);
            await using var releasing = claimed.ConfigureAwait(false);
            var (campaign, spec, problems, lease) = (claimed.Campaign, claimed.Spec, claimed.Problems, claimed.Lease);
            cancellationToken = claimed.Token;
            var budget = campaign.EffectiveBudget;
            var options = PolicyOptions.For(campaign) with
            {
                MaxConcurrency = concurrency,
                Retry = new RetryOptions { MaxAttempts = attempts },
                Limits = new RateLimits(parse.GetValue(RequestsPerMinute), parse.GetValue(TokensPerMinute)),
            };

            AnsiConsole.WriteLine($"campaign {campaign.Id}: {campaign.Model} × {campaign.Suite} ({problems.Count} problems) × {campaign.SamplesPerProblem}");
            using var http = PolicyFactory.CreateHttpClient(options.MaxConcurrency);
            var (bare, context) = await CreatePolicyAsync(spec, http, cancellationToken).ConfigureAwait(false);
            using var bareClient = bare;
            var random = new Random(campaign.Settings.Seed ?? Environment.TickCount);
            using var policy = PolicyPipeline.Build(bare, options, TimeProvider.System, random);
            try
            {
                context ??= await OpenAiModels.GetContextAsync(http, spec, cancellationToken).ConfigureAwait(false);
                if (context is not null)
                {
                    CampaignPreflight.CheckPromptsFit(campaign, problems, context);
                }

                // The probe retries a little, not as a campaign does: a service that is down is reported in seconds. It is
                // sent whatever the budget (its cost is not the campaign's: it is not archived).
                var probeOptions = options with { Retry = options.Retry with { MaxAttempts = Math.Min(3, attempts) }, MaxCost = null };
                // Not disposed: disposing a pipeline disposes the bare client the campaign still uses.
                var probe = PolicyPipeline.Build(bare, probeOptions, TimeProvider.System, random);
                await CampaignPreflight.ProbeAsync(probe, campaign, problems, cancellationToken).ConfigureAwait(false);
            }
            catch (PreflightException ex)
            {
                await Console.Error.WriteLineAsync($"error: campaign {campaign.Id} not started: {ex.Message}").ConfigureAwait(false);
                return ex.Refused ? RefusedStop : InfrastructureStop;
            }

            var sandbox = problems.Any(p => p.Check is PythonTestsCheck)
                ? await Sandboxes.StartAsync(parse.GetValue(Workers), parse.GetValue(UnsafeNoSandbox), cancellationToken).ConfigureAwait(false)
                : null;
            try
            {
                IVerifier verifier = sandbox is null ? new ExactAnswerVerifier() : new Verifier(new ExactAnswerVerifier(), sandbox);
                var runner = new CampaignRunner(policy, verifier, archive, TimeProvider.System);
                var runOptions = new CampaignRunOptions
                {
                    MaxInfrastructureFailures = threshold,
                    SpillDirectory = SpillDirectory,
                    DrainGrace = DrainGraceOf(parse),
                    Abandon = abandon.Token,
                };
                var result = await RunWithProgressAsync(runner, campaign, problems, runOptions, cancellationToken).ConfigureAwait(false);
                // A signal's drain may outlast the lease (a write lock held longer than its expiry): the signal names the exit.
                var exitCode = lease.Lost.IsCancellationRequested && signal == 0 ? LeaseHeld : ExitCodeOf(result.StopReason, signal);
                PrintSummary(result, budget, ArchiveFactory.Describe(parse.GetValue(Db)!));
                if (lease.LostReason is { } lost)
                {
                    await Console.Error.WriteLineAsync($"error: campaign {campaign.Id} stopped: {lost}").ConfigureAwait(false);
                }

                if (json)
                {
                    await Console.Out.WriteLineAsync(SummaryJson(campaign, result, budget, exitCode)).ConfigureAwait(false);
                }

                if (IsEmbeddedDefault(parse) && result.StopReason == CampaignStopReason.Completed)
                {
                    await ReportCommand.WriteAsync(archive, [campaign], new ReportOptions(), ReportFormat.Table, cancellationToken).ConfigureAwait(false);
                }

                return exitCode;
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

    /// <summary>Where answered rollouts wait for the archive: <c>$ASSAY_HOME/spill</c>, one file per campaign.</summary>
    private static string SpillDirectory => Path.Combine(Assay.Training.ModelCache.FromEnvironment().Root, "spill");

    private static TimeSpan DrainGraceOf(ParseResult parse)
    {
        var seconds = parse.GetValue(DrainGrace);
        Require(seconds is >= 0 and <= 3600, $"--drain-grace {seconds}: must be between 0 and 3600 seconds");
        return TimeSpan.FromSeconds(seconds);
    }

    private static int ExitCodeOf(CampaignStopReason reason, int signal) => reason switch
    {
        CampaignStopReason.Completed => Completed,
        CampaignStopReason.Budget => BudgetStop,
        CampaignStopReason.InfrastructureThreshold => InfrastructureStop,
        CampaignStopReason.Refused => RefusedStop,
        CampaignStopReason.ArchiveFailure => ArchiveStop,
        _ => signal != 0 ? signal : Interrupted,
    };

    /// <summary>
    /// The campaign's budget: a new campaign stores --max-cost and the price the table gives; a resumed one keeps what it
    /// stored, its limit changed only by an explicit --max-cost (stored too), its price taken from --price-table only
    /// if it stored none.
    /// </summary>
    private static async Task<Campaign> BudgetAsync(
        ParseResult parse, IRolloutArchive? archive, Campaign campaign, ModelSpec spec, bool store, CancellationToken cancellationToken)
    {
        var stored = campaign.EffectiveBudget;
        var maxCost = parse.GetResult(MaxCost) is { Implicit: false } ? parse.GetValue(MaxCost) : stored.MaxCost;
        Require(maxCost is null or >= 0, $"--max-cost {maxCost}: must not be negative");
        var price = ModelPrice.Of(stored) ?? await PriceOfAsync(parse.GetValue(PriceTableFile), spec, cancellationToken).ConfigureAwait(false);
        if (stored.HasPrice && parse.GetValue(PriceTableFile) is { } ignored)
        {
            AnsiConsole.MarkupLine($"[yellow]note:[/] --price-table {Markup.Escape(ignored.FullName)} ignored: campaign {campaign.Id} keeps the price stored with it");
        }

        var budget = new CampaignBudget(maxCost, price?.PromptPerMillion, price?.CompletionPerMillion);
        if (store && archive is not null && parse.GetValue(Resume) is not null && maxCost != stored.MaxCost)
        {
            await archive.SetMaxCostAsync(campaign.Id, maxCost, cancellationToken).ConfigureAwait(false);
        }

        return campaign with { Budget = budget };
    }

    private const int EmbeddedSamples = 4;

    private static bool IsEmbeddedDefault(ParseResult parse) =>
        parse.GetValue(Model) is null && parse.GetValue(Suite) is null && parse.GetValue(Resume) is null;

    /// <summary>A new campaign from the flags, or the stored one for <c>--resume</c> (which needs <paramref name="archive"/>).</summary>
    private static async Task<Campaign> PlanAsync(ParseResult parse, IRolloutArchive? archive, CancellationToken cancellationToken)
    {
        if (parse.GetValue(Resume) is { } id)
        {
            foreach (var option in new Option[] { Model, Suite, Samples, Temperature, TopP, MaxTokens, Seed, Logprobs, SystemMessage, Stop, Selection.Limit, Selection.Pattern })
            {
                if (parse.GetResult(option) is { Implicit: false })
                {
                    throw new UserInputException($"{option.Name}: not allowed with --resume (a resumed campaign keeps its own settings)");
                }
            }

            ArgumentNullException.ThrowIfNull(archive);
            return await archive.GetCampaignAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new UserInputException($"--resume {id}: no campaign with this id in --db {parse.GetValue(Db)}");
        }

        // With neither --model nor --suite, the embedded default: nano's base model on the bundled suite, 4 samples each.
        var embedded = IsEmbeddedDefault(parse);
        var model = parse.GetValue(Model) ?? (embedded ? NanoModels.Default : throw new UserInputException("--model is required with --suite (or --resume ID)"));
        var suite = parse.GetValue(Suite) ?? (embedded ? SuiteCatalog.Bundled : throw new UserInputException("--suite is required with --model (or --resume ID)"));
        ParseModel(model);
        var n = parse.GetValue(Samples) ?? (embedded ? EmbeddedSamples : 1);
        var settings = new SamplingSettings(
            parse.GetValue(Temperature) ?? 0.8,
            parse.GetValue(TopP) ?? 1.0,
            parse.GetValue(MaxTokens) ?? 256,
            parse.GetValue(Seed),
            parse.GetValue(Logprobs));
        Require(n >= 1, $"-n {n}: must be at least 1");
        Require(settings.Temperature >= 0, $"--temperature {settings.Temperature}: must not be negative");
        Require(settings.TopP is > 0 and <= 1, $"--top-p {settings.TopP}: must be in (0, 1]");
        Require(settings.MaxTokens >= 1, $"--max-tokens {settings.MaxTokens}: must be at least 1");
        Require(settings.TopLogprobs is null or (>= 0 and <= 20), $"--logprobs {settings.TopLogprobs}: must be between 0 and 20");

        // A suite file is stored by full path, so --resume works from any directory.
        var storedSuite = File.Exists(suite) ? Path.GetFullPath(suite) : suite;
        var stops = parse.GetValue(Stop) ?? [];
        Require(stops.All(stop => stop.Length > 0), "--stop: a stop sequence must not be empty");
        var selection = Selection.Parse(parse);
        var prompt = parse.GetValue(SystemMessage) is null && stops.Length == 0 ? null : new CampaignPrompt(parse.GetValue(SystemMessage), stops);
        return new Campaign(CampaignIds.New(TimeProvider.System, Random.Shared), model, storedSuite, n, settings, TimeProvider.System.GetUtcNow(),
            Problems: selection, Prompt: prompt);
    }

    /// <summary>The campaign's problems: its suite, narrowed by its stored --problems and --limit.</summary>
    private static IReadOnlyList<Problem> ProblemsOf(Campaign campaign) =>
        ProblemSelection.Apply(campaign.EffectiveProblems, SuiteCatalog.Resolve(campaign.Suite), campaign.Suite);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new UserInputException(message);
        }
    }

    private static ModelSpec ParseModel(string model)
    {
        try
        {
            return ModelSpec.Parse(model);
        }
        catch (FormatException ex)
        {
            throw new UserInputException($"--model: {ex.Message}", ex);
        }
    }

    private static async Task<ModelPrice?> PriceOfAsync(FileInfo? file, ModelSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            var table = file is null ? PriceTable.Empty : await PriceTable.LoadAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            if (table.Find(spec) is { } price)
            {
                return price;
            }
        }
        catch (PolicyConfigurationException ex)
        {
            throw new UserInputException($"--price-table {ex.Message}", ex);
        }

        AnsiConsole.MarkupLine($"[yellow]note:[/] no price for {Markup.Escape(spec.ToString())}{(file is null ? " (no --price-table)" : $" in {Markup.Escape(file.FullName)}")}: cost is counted as $0");
        return null;
    }

    /// <summary>The bare client, and the model's context when it states one (nano does, in its config).</summary>
    internal static async Task<(IChatClient Client, ModelContext? Context)> CreatePolicyAsync(ModelSpec spec, HttpClient http, CancellationToken cancellationToken)
    {
        var factory = new PolicyFactory(http);
        ModelContext? context = null;
        if (spec.Scheme == "nano")
        {
            var model = await NanoModels.LoadAsync(spec.ToString(), cancellationToken).ConfigureAwait(false);
            factory.Register("nano", s => new NanoChatClient(model, s.ToString()));
            context = new ModelContext(model.Config.Context, prompt => NanoTokenizer.EncodeChat(prompt).Length, Exact: true, "nano's config");
        }

        try
        {
            return (factory.Create(spec), context);
        }
        catch (PolicyConfigurationException ex)
        {
            throw new UserInputException($"--model: {ex.Message}", ex);
        }
    }

    private static async Task<CampaignResult> RunWithProgressAsync(
        CampaignRunner runner, Campaign campaign, IReadOnlyList<Problem> problems, CampaignRunOptions options, CancellationToken cancellationToken)
    {
        CampaignResult result = null!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .StartAsync(async context =>
            {
                var task = context.AddTask("starting", maxValue: problems.Count * campaign.SamplesPerProblem);
                var progress = new Progress(report =>
                {
                    task.Value = report.Done;
                    task.Description = Describe(report);
                });
                result = await runner.RunAsync(campaign, problems, options, progress, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result;
    }

    private static string Describe(CampaignProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Done}/{p.Total} · {p.RolloutsPerSecond:F0}/s · pass {p.PassRate:P1} · infra {p.InfrastructureFailures} · {p.PromptTokens + p.CompletionTokens:N0} tok · ${p.Cost:F4} · ×{p.Concurrency}");

    /// <summary>Reports straight to the progress bar (Spectre's tasks are thread-safe; no synchronisation context to post to).</summary>
    private sealed class Progress(Action<CampaignProgress> report) : IProgress<CampaignProgress>
    {
        public void Report(CampaignProgress value) => report(value);
    }
}
