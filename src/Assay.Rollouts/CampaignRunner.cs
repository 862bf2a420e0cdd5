using Assay.Archive;
using Assay.Core;
using Assay.Verification;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>
/// Runs a campaign: plans model × problem × sample i, skips rollouts already archived (their ids are derived by
/// <see cref="RolloutId.For"/>), asks the policy, extracts and verifies the answer, and hands each scored rollout to a
/// <see cref="RolloutWriter"/> at once. A failure of the service (after the policy's retries) or of the verifier (an
/// exception, or a verdict of <see cref="VerdictStatus.Infrastructure"/> such as a sandbox worker that died) is archived
/// as an infrastructure failure — status <see cref="VerdictStatus.Infrastructure"/>, detail <c>policy: …</c> or
/// <c>verifier: …</c> — never as a wrong answer; a failure that would repeat for every request
/// (<see cref="FailureKind.Fatal"/>: bad key, model or URL) stops the campaign. Cancellation and the budget stop it
/// cleanly: rollouts in flight are dropped unarchived (a resumed run asks them again), everything scored is archived.
/// </summary>
public sealed partial class CampaignRunner
{
    private readonly IChatClient _policy;
    private readonly IVerifier _verifier;
    private readonly IRolloutArchive _archive;
    private readonly TimeProvider _time;
    private readonly AimdConcurrencyLimiter? _limiter;

    /// <summary>Creates a runner.</summary>
    /// <param name="policy">The policy, already wrapped by <see cref="PolicyPipeline"/>.</param>
    /// <param name="verifier">Scores answers.</param>
    /// <param name="archive">Where rollouts go.</param>
    /// <param name="time">Clock for latencies, timestamps and rates.</param>
    /// <param name="limiter">The policy's concurrency limiter, to report its limit in progress; optional.</param>
    public CampaignRunner(IChatClient policy, IVerifier verifier, IRolloutArchive archive, TimeProvider time, AimdConcurrencyLimiter? limiter = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(time);
        _policy = policy;
        _verifier = verifier;
        _archive = archive;
        _time = time;
        _limiter = limiter;
    }

    /// <summary>Runs (or resumes) <paramref name="campaign"/> over <paramref name="problems"/>.</summary>
    /// <returns>What this run did; <see cref="CampaignResult.StopReason"/> says whether the campaign is complete.</returns>
    /// <exception cref="PolicyRequestException">The service refused in a way every request would (<see cref="FailureKind.Fatal"/>).</exception>
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
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1, nameof(options));

        await _archive.SaveCampaignAsync(campaign, cancellationToken).ConfigureAwait(false);
        var archived = await _archive.GetRolloutIdsAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
        var plan = Plan(campaign, problems, archived);
        var planned = problems.Count * campaign.SamplesPerProblem;
        var run = new Run(this, campaign, plan, options, progress, planned, planned - plan.Count);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = new RolloutWriter(_archive, options.Writer, _time);
        try
        {
            var workers = new Task[Math.Min(options.Workers, Math.Max(plan.Count, 1))];
            for (var i = 0; i < workers.Length; i++)
            {
                workers[i] = Task.Run(() => run.WorkAsync(writer, stop), CancellationToken.None);
            }

            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            // Everything scored is archived, whatever stopped the run (CancellationToken.None: Ctrl-C must not lose it).
            await writer.DisposeAsync().ConfigureAwait(false);
        }

        run.ReportProgress(force: true);
        var reason = run.ArchivedCount + run.AlreadyArchived == planned ? CampaignStopReason.Completed
            : run.BudgetReached ? CampaignStopReason.Budget
            : CampaignStopReason.Cancelled;
        return run.ToResult(reason);
    }

    private static List<PlannedRollout> Plan(Campaign campaign, IReadOnlyList<Problem> problems, IReadOnlySet<string> archived)
    {
        var plan = new List<PlannedRollout>(problems.Count * campaign.SamplesPerProblem);

        // Sample-major order: every problem gets its first sample before any gets its second, so a campaign stopped
        // early (budget, Ctrl-C) still covers the suite evenly.
        for (var sample = 0; sample < campaign.SamplesPerProblem; sample++)
        {
            foreach (var problem in problems)
            {
                var id = RolloutId.For(campaign.Id, problem.Id, sample);
                if (!archived.Contains(id))
                {
                    plan.Add(new PlannedRollout(id, problem, sample));
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
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && !IsFatal(ex))
        {
            var failure = new Verdict(VerdictStatus.Infrastructure, 0, $"policy: {ex.Message}", Isolation.NotApplicable, TimeSpan.Zero);
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
        _time.GetUtcNow());

    private static bool IsFatal(Exception exception) => exception is PolicyRequestException { Failure.Kind: FailureKind.Fatal };

    private sealed record PlannedRollout(string Id, Problem Problem, int SampleIndex);
}
