using Assay.Archive;
using Assay.Core;
using Assay.Verification;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>
/// Runs a campaign: plans model × problem × sample i, skips slots already settled in the archive, asks again (as the
/// next attempt, <see cref="RolloutId.For"/>) slots whose latest attempt was an infrastructure failure, asks the policy,
/// extracts and verifies the answer, and hands each scored rollout to a <see cref="RolloutWriter"/> at once. A failure of
/// the service (after the policy's retries) or of the verifier is archived as an infrastructure failure — status
/// <see cref="VerdictStatus.Infrastructure"/>, detail <c>policy: …</c> or <c>verifier: …</c> — never as a wrong answer;
/// too many of them stop the run (<see cref="CampaignRunOptions.MaxInfrastructureFailures"/>). A request the service
/// refuses for good (<see cref="FailureKind.Rejected"/> or <see cref="FailureKind.Fatal"/>) is archived as
/// <see cref="VerdictStatus.Refused"/> and stops the run. Cancellation and the budget (<see cref="BudgetChatClient"/>) stop it cleanly: rollouts in
/// flight are dropped unarchived (a resumed run asks them again), everything scored is archived.
/// </summary>
public sealed partial class CampaignRunner
{
    private readonly IChatClient _policy;
    private readonly IVerifier _verifier;
    private readonly IRolloutArchive _archive;
    private readonly TimeProvider _time;
    private readonly AimdConcurrencyLimiter? _limiter;
    private readonly BudgetAccount? _budget;

    /// <summary>Creates a runner.</summary>
    /// <param name="policy">The policy, already wrapped by <see cref="PolicyPipeline"/>: its concurrency limiter (the
    /// default number of workers, the limit shown in progress) and its budget account (told what earlier runs spent) are
    /// found through <c>GetService</c>.</param>
    /// <param name="verifier">Scores answers.</param>
    /// <param name="archive">Where rollouts go.</param>
    /// <param name="time">Clock for latencies, timestamps and rates.</param>
    public CampaignRunner(IChatClient policy, IVerifier verifier, IRolloutArchive archive, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(time);
        _policy = policy;
        _verifier = verifier;
        _archive = archive;
        _time = time;
        _limiter = policy.GetService<AimdConcurrencyLimiter>();
        _budget = policy.GetService<BudgetAccount>();
    }

    /// <summary>Runs (or resumes) <paramref name="campaign"/> over <paramref name="problems"/>.</summary>
    /// <returns>What this run did; <see cref="CampaignResult.StopReason"/> says whether the campaign is complete.</returns>
    public async Task<CampaignResult> RunAsync(
        Campaign campaign,
        IReadOnlyList<Problem> problems,
        CampaignRunOptions options,
        IProgress<CampaignProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(options);
        var workerCount = options.Workers ?? _limiter?.Maximum ?? new PolicyOptions().MaxConcurrency;
        ArgumentOutOfRangeException.ThrowIfLessThan(workerCount, 1, nameof(options));

        await _archive.SaveCampaignAsync(campaign, problems, cancellationToken).ConfigureAwait(false);

        // What an earlier run was answered but could not archive (killed, stopped by the archive) is archived first, so
        // it is planned as done and never asked again.
        var replayed = options.SpillDirectory is { } spillDirectory
            ? await RolloutSpill.ReplayAsync(_archive, spillDirectory, campaign.Id, cancellationToken).ConfigureAwait(false)
            : 0;
        var archived = await _archive.GetAttemptsAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
        var plan = Plan(campaign, problems, archived);
        var planned = problems.Count * campaign.SamplesPerProblem;
        var spentBefore = archived.Sum(a => a.Cost);
        _budget?.StartRun(spentBefore);
        await _archive.SetCampaignStateAsync(new CampaignState(campaign.Id, CampaignState.Running, null, planned, _time.GetUtcNow()), cancellationToken)
            .ConfigureAwait(false);
        var run = new Run(this, campaign, plan, options, workerCount, progress, planned, planned - plan.Count, spentBefore);

        var (result, stored) = await ExecutePlanAsync(run, campaign, workerCount, options, cancellationToken).ConfigureAwait(false);
        var reason = result.StopReason;
        if (result.ArchiveFailure is null && stored)
        {
            var state = reason == CampaignStopReason.Completed
                ? new CampaignState(campaign.Id, CampaignState.Completed, null, planned, _time.GetUtcNow())
                : new CampaignState(campaign.Id, CampaignState.Stopped, CampaignStopReasonWords.Of(reason), planned, _time.GetUtcNow());
            // CancellationToken.None: a run stopped by Ctrl-C still says so in the archive. (Not when the archive is failing
            // or still busy: the lease's expiry then tells the run is over.)
            await _archive.SetCampaignStateAsync(state, CancellationToken.None).ConfigureAwait(false);
        }

        return result with { Replayed = replayed };
    }

    /// <summary>
    /// Asks exactly <paramref name="plan"/> of a campaign already stored, no more: a part of a campaign that someone else
    /// planned (a chunk of its slots on a cluster worker). Nothing is read from the archive first; rollouts are archived
    /// as in <see cref="RunAsync"/>, the budget counts this part only (a cluster enforces the campaign's own), and the
    /// campaign's state is left to whoever runs the whole of it.
    /// </summary>
    /// <returns>What this part did; <see cref="CampaignResult.Planned"/> is the size of the plan.</returns>
    public async Task<CampaignResult> RunPlannedAsync(
        Campaign campaign,
        IReadOnlyList<PlannedRollout> plan,
        CampaignRunOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var workerCount = options.Workers ?? _limiter?.Maximum ?? new PolicyOptions().MaxConcurrency;
        ArgumentOutOfRangeException.ThrowIfLessThan(workerCount, 1, nameof(options));
        var run = new Run(this, campaign, [.. plan], options, workerCount, null, plan.Count, 0, 0m);
        return (await ExecutePlanAsync(run, campaign, workerCount, options, cancellationToken).ConfigureAwait(false)).Result;
    }

    /// <summary>Works through a run's plan, archives what is scored, and says why it ended and whether all is stored.</summary>
    private async Task<(CampaignResult Result, bool Stored)> ExecutePlanAsync(
        Run run, Campaign campaign, int workerCount, CampaignRunOptions options, CancellationToken cancellationToken)
    {
        var plan = run.Plan;

        // Stopping has two steps: stop sending (the caller's token, or a reason of the run's own), then, after the drain's
        // grace or at once on Abandon, give up the requests still in flight.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(options.Abandon);
        using var graceOnStop = stop.Token.Register(() => abandon.CancelAfter(options.DrainGrace));
        var spill = options.SpillDirectory is null ? null : RolloutSpill.Open(options.SpillDirectory, campaign.Id);
        var writer = new RolloutWriter(_archive, options.Writer, _time);
        var stored = false;
        try
        {
            var workers = new Task[Math.Min(workerCount, Math.Max(plan.Count, 1))];
            for (var i = 0; i < workers.Length; i++)
            {
                workers[i] = Task.Run(() => run.WorkAsync(writer, spill, stop, abandon.Token), CancellationToken.None);
            }

            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            stored = await CloseWriterAsync(writer, run, stop.IsCancellationRequested, abandon.Token).ConfigureAwait(false);
            if (spill is not null)
            {
                // Deleted only once the archive holds every rollout in it; otherwise kept for the resume to replay.
                await (stored && run.ArchiveFailure is null ? spill.CompleteAsync() : spill.DisposeAsync().AsTask()).ConfigureAwait(false);
            }
        }

        run.ReportProgress(force: true);
        var reason = run.ArchiveFailure is not null ? CampaignStopReason.ArchiveFailure
            : run.RefusedCount > 0 ? CampaignStopReason.Refused
            : run.ThresholdPassed ? CampaignStopReason.InfrastructureThreshold
            : run.ArchivedCount == plan.Count && stored ? CampaignStopReason.Completed
            : run.BudgetReached ? CampaignStopReason.Budget
            : CampaignStopReason.Cancelled;
        var result = run.ToResult(reason) with
        {
            Stored = (int)writer.Written,
            SpillPath = spill?.Path,
            ArchiveFailure = run.ArchiveFailure is { } failure ? ArchiveFaults.Describe(failure.InnerException ?? failure) : null,
        };
        return (result, stored);
    }

    /// <summary>Closes the writer: everything handed over is stored, or, when the run is stopping, as much as the archive
    /// stores before the drain's grace ends (the rest is in the spill). True when everything was stored.</summary>
    private static async Task<bool> CloseWriterAsync(RolloutWriter writer, Run run, bool stopping, CancellationToken abandon)
    {
        var closing = writer.DisposeAsync().AsTask();
        try
        {
            await (stopping ? closing.WaitAsync(abandon) : closing).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            // Still waiting for the archive (a held write lock): the process may end; the spill keeps the rest.
            return false;
        }
        catch (RolloutArchiveException ex)
        {
            run.FailArchive(ex);
            return false;
        }
    }

    /// <summary>What a run of <paramref name="campaign"/> would ask now, in order, given what <paramref name="archive"/>
    /// holds (null: nothing yet) (<c>--dry-run</c>); nothing is written.</summary>
    public static async Task<IReadOnlyList<PlannedRollout>> PlanAsync(
        IRolloutArchive? archive, Campaign campaign, IReadOnlyList<Problem> problems, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(problems);
        var archived = archive is null ? [] : await archive.GetAttemptsAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
        return Plan(campaign, problems, archived);
    }

    /// <summary>The slots to ask: those never asked (attempt 0) and those whose latest attempt was an infrastructure
    /// failure (the next attempt). A slot whose latest attempt is a verdict or a refusal is settled.</summary>
    private static List<PlannedRollout> Plan(Campaign campaign, IReadOnlyList<Problem> problems, IReadOnlyList<ArchivedAttempt> archived)
    {
        var latest = new Dictionary<(string, int), ArchivedAttempt>();
        foreach (var attempt in archived)
        {
            var slot = (attempt.ProblemId, attempt.SampleIndex);
            if (!latest.TryGetValue(slot, out var held) || attempt.Attempt > held.Attempt)
            {
                latest[slot] = attempt;
            }
        }

        var plan = new List<PlannedRollout>(problems.Count * campaign.SamplesPerProblem);

        // Sample-major order: every problem gets its first sample before any gets its second, so a campaign stopped
        // early (budget, Ctrl-C) still covers the suite evenly.
        for (var sample = 0; sample < campaign.SamplesPerProblem; sample++)
        {
            foreach (var problem in problems)
            {
                if (!latest.TryGetValue((problem.Id, sample), out var last))
                {
                    plan.Add(new PlannedRollout(RolloutId.For(campaign.Id, problem.Id, sample), problem, sample, 0));
                }
                else if (last.Status == VerdictStatus.Infrastructure)
                {
                    var attempt = last.Attempt + 1;
                    plan.Add(new PlannedRollout(RolloutId.For(campaign.Id, problem.Id, sample, attempt), problem, sample, attempt));
                }
            }
        }

        return plan;
    }

    private async Task<Rollout> ExecuteAsync(Campaign campaign, PlannedRollout planned, RolloutRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await _policy.GetResponseAsync(request.ToMessages(), request.ToChatOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not BudgetExhaustedException && !cancellationToken.IsCancellationRequested)
        {
            var status = IsRefusal(ex) ? VerdictStatus.Refused : VerdictStatus.Infrastructure;
            var failure = new Verdict(status, 0, $"policy: {ex.Message}", Isolation.NotApplicable, TimeSpan.Zero);
            return ToRollout(campaign, planned, request, null, failure, _time.GetElapsedTime(started));
        }

        var latency = _time.GetElapsedTime(started);
        var verdict = await AnswerScoring.ScoreAsync(_verifier, planned.Problem, response.Text, cancellationToken).ConfigureAwait(false);
        return ToRollout(campaign, planned, request, response, verdict, latency);
    }

    private Rollout ToRollout(Campaign campaign, PlannedRollout planned, RolloutRequest request, ChatResponse? response, Verdict verdict, TimeSpan latency) => new(
        planned.Id,
        campaign.Id,
        planned.Problem.Id,
        planned.SampleIndex,
        campaign.Model,
        request.ToJson(),
        response?.Text ?? "",
        response?.FinishReason?.Value,
        response is null ? null : PolicyProperties.GetLogprobs(response),
        (int)(response?.Usage?.InputTokenCount ?? 0),
        (int)(response?.Usage?.OutputTokenCount ?? 0),
        latency,
        response is null ? 0m : PolicyProperties.GetCost(response),
        verdict,
        _time.GetUtcNow(),
        planned.Attempt);

    /// <summary>A request the service will refuse every time it is asked: retrying or resuming cannot help.</summary>
    internal static bool IsRefusal(Exception exception) =>
        exception is PolicyRequestException { Failure.Kind: FailureKind.Rejected or FailureKind.Fatal };

}
