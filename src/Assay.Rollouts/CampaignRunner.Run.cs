using Assay.Archive;
using Assay.Core;

namespace Assay.Rollouts;

public sealed partial class CampaignRunner
{
    /// <summary>The state of one run: the plan, a shared cursor into it, and the running totals.</summary>
    private sealed class Run(
        CampaignRunner runner,
        Campaign campaign,
        List<PlannedRollout> plan,
        CampaignRunOptions options,
        int workers,
        IProgress<CampaignProgress>? progress,
        int planned,
        int alreadyArchived,
        decimal spentBefore)
    {
        private readonly Lock _totalsLock = new();
        private readonly long _started = runner._time.GetTimestamp();
        private int _next;
        private int _archived;
        private int _passed;
        private int _infrastructure;
        private int _refused;
        private int _retried;
        private int _consecutiveInfrastructure;
        private bool _thresholdPassed;
        private readonly Dictionary<(VerdictStatus, string), int> _reasons = [];
        private readonly Dictionary<Isolation, int> _isolations = [];
        private long _promptTokens;
        private long _completionTokens;
        private decimal _cost;
        private bool _budgetReached;
        private long _lastReport;
        private Exception? _archiveFailure;

        public int AlreadyArchived => alreadyArchived;

        public List<PlannedRollout> Plan => plan;

        public int ArchivedCount => Volatile.Read(ref _archived);

        public bool BudgetReached => Volatile.Read(ref _budgetReached);

        public int RefusedCount => Volatile.Read(ref _refused);

        public bool ThresholdPassed => Volatile.Read(ref _thresholdPassed);

        /// <summary>The archive's failure that stopped the run, if one did.</summary>
        public Exception? ArchiveFailure => Volatile.Read(ref _archiveFailure);

        /// <summary>Takes slots until the plan ends or <paramref name="stop"/> says to send no more. A request in flight is
        /// given up only when <paramref name="abandon"/> is cancelled (the drain's grace has passed, or a second signal);
        /// every answered rollout goes to <paramref name="spill"/> before it counts, then to <paramref name="writer"/>.</summary>
        public async Task WorkAsync(RolloutWriter writer, RolloutSpill? spill, CancellationTokenSource stop, CancellationToken abandon)
        {
            while (!stop.IsCancellationRequested && !BudgetReached)
            {
                var index = Interlocked.Increment(ref _next) - 1;
                if (index >= plan.Count)
                {
                    return;
                }

                var planned = plan[index];
                var request = RolloutRequest.For(campaign, planned.Problem, planned.SampleIndex);
                Rollout rollout;
                try
                {
                    rollout = await runner.ExecuteAsync(campaign, planned, request, abandon).ConfigureAwait(false);
                }
                catch (BudgetExhaustedException)
                {
                    // Not asked, so not archived: a resumed run with more budget asks it.
                    Volatile.Write(ref _budgetReached, true);
                    return;
                }
                catch (Exception) when (abandon.IsCancellationRequested)
                {
                    // Given up mid-request: not answered, so nothing to keep; a resumed run asks it again.
                    return;
                }

                // Answered: on local disk before it counts, whatever the archive does next (CancellationToken.None: a
                // signal must not lose it).
                if (spill is not null)
                {
                    await spill.AppendAsync(rollout, CancellationToken.None).ConfigureAwait(false);
                }

                var stopNow = Record(rollout);
                try
                {
                    await writer.WriteAsync(rollout, CancellationToken.None).ConfigureAwait(false);
                }
                catch (RolloutArchiveException ex)
                {
                    // The archive failed for good: send nothing more; what is answered is in the spill for the resume.
                    Interlocked.CompareExchange(ref _archiveFailure, ex, null);
                    await stop.CancelAsync().ConfigureAwait(false);
                    return;
                }

                if (stopNow)
                {
                    // A refusal (every request would be refused) or an outage past the threshold: stop the others too.
                    await stop.CancelAsync().ConfigureAwait(false);
                    return;
                }

                ReportProgress(force: false);
            }
        }

        /// <summary>Records the archive's failure found when the writer was closed.</summary>
        public void FailArchive(Exception failure) => Interlocked.CompareExchange(ref _archiveFailure, failure, null);

        public void ReportProgress(bool force)
        {
            if (progress is null)
            {
                return;
            }

            var now = runner._time.GetTimestamp();
            var last = Interlocked.Read(ref _lastReport);
            var interval = (long)(options.ProgressInterval.TotalSeconds * runner._time.TimestampFrequency);
            if (!force && (now - last < interval || Interlocked.CompareExchange(ref _lastReport, now, last) != last))
            {
                return;
            }

            progress.Report(Snapshot());
        }

        public CampaignResult ToResult(CampaignStopReason reason)
        {
            lock (_totalsLock)
            {
                return new CampaignResult(campaign.Id, planned, alreadyArchived, _archived, _passed, _infrastructure,
                    _promptTokens, _completionTokens, _cost, reason, runner._time.GetElapsedTime(_started))
                {
                    Refused = _refused,
                    Retried = _retried,
                    SpentBefore = spentBefore,
                    FailureReasons = [.. _reasons
                        .Select(r => new FailureReason(r.Key.Item1, r.Key.Item2, r.Value))
                        .OrderByDescending(r => r.Count).ThenBy(r => r.Status).ThenBy(r => r.Reason, StringComparer.Ordinal)],
                    Isolations = [.. _isolations.OrderByDescending(i => i.Value).ThenBy(i => i.Key)],
                };
            }
        }

        private CampaignProgress Snapshot()
        {
            lock (_totalsLock)
            {
                var elapsed = runner._time.GetElapsedTime(_started).TotalSeconds;
                var rate = elapsed > 0 ? _archived / elapsed : 0;
                var remaining = planned - alreadyArchived - _archived;
                TimeSpan? eta = rate > 0 ? TimeSpan.FromSeconds(remaining / rate) : null;
                return new CampaignProgress(alreadyArchived + _archived, planned, rate, _passed, _archived - _infrastructure - _refused,
                    _infrastructure, _promptTokens, _completionTokens, _cost, eta, runner._limiter?.CurrentLimit ?? workers);
            }
        }

        /// <summary>Counts a rollout; true when it must stop the run (a refusal, or the infrastructure threshold passed).</summary>
        private bool Record(Rollout rollout)
        {
            lock (_totalsLock)
            {
                _archived++;
                if (rollout.Attempt > 0)
                {
                    _retried++;
                }

                var verdict = rollout.Verdict;
                if (verdict.Passed)
                {
                    _passed++;
                }

                if (RolloutFailures.IsNotASample(verdict))
                {
                    var key = (verdict.Status, RolloutFailures.ReasonOf(verdict));
                    _reasons[key] = _reasons.GetValueOrDefault(key) + 1;
                }
                else
                {
                    _isolations[verdict.Isolation] = _isolations.GetValueOrDefault(verdict.Isolation) + 1;
                }

                _promptTokens += rollout.PromptTokens;
                _completionTokens += rollout.CompletionTokens;
                _cost += rollout.Cost;
                if (verdict.Status == VerdictStatus.Refused)
                {
                    _refused++;
                    return true;
                }

                if (verdict.IsInfrastructureFailure)
                {
                    _infrastructure++;
                    _consecutiveInfrastructure++;
                }
                else
                {
                    _consecutiveInfrastructure = 0;
                }

                if (options.MaxInfrastructureFailures.IsPassed(_consecutiveInfrastructure, _infrastructure, _archived))
                {
                    _thresholdPassed = true;
                    return true;
                }

                return false;
            }
        }
    }
}
