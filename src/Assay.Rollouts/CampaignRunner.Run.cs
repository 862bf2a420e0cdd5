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
        IProgress<CampaignProgress>? progress,
        int planned,
        int alreadyArchived)
    {
        private readonly Lock _totalsLock = new();
        private readonly long _started = runner._time.GetTimestamp();
        private int _next;
        private int _archived;
        private int _passed;
        private int _infrastructure;
        private long _promptTokens;
        private long _completionTokens;
        private decimal _cost;
        private long _lastReport;

        public int AlreadyArchived => alreadyArchived;

        public int ArchivedCount => Volatile.Read(ref _archived);

        public bool BudgetReached { get; private set; }

        public async Task WorkAsync(RolloutWriter writer, CancellationTokenSource stop)
        {
            while (!stop.IsCancellationRequested)
            {
                if (options.MaxCost is { } budget && Spent() >= budget)
                {
                    BudgetReached = true;
                    return;
                }

                var index = Interlocked.Increment(ref _next) - 1;
                if (index >= plan.Count)
                {
                    return;
                }

                Rollout rollout;
                try
                {
                    rollout = await runner.ExecuteAsync(campaign, plan[index], stop.Token).ConfigureAwait(false);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    // Stopped mid-request: not scored, so not archived; a resumed run asks it again.
                    return;
                }
                catch (PolicyRequestException)
                {
                    // Fatal for every request (bad key, model, URL): stop the other workers too.
                    await stop.CancelAsync().ConfigureAwait(false);
                    throw;
                }

                // Scored rollouts are archived even when the run is being stopped.
                await writer.WriteAsync(rollout, CancellationToken.None).ConfigureAwait(false);
                Record(rollout);
                ReportProgress(force: false);
            }
        }

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
                    _promptTokens, _completionTokens, _cost, reason, runner._time.GetElapsedTime(_started));
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
                return new CampaignProgress(alreadyArchived + _archived, planned, rate, _passed, _archived - _infrastructure,
                    _infrastructure, _promptTokens, _completionTokens, _cost, eta, runner._limiter?.CurrentLimit ?? options.Workers);
            }
        }

        private decimal Spent()
        {
            lock (_totalsLock)
            {
                return _cost;
            }
        }

        private void Record(Rollout rollout)
        {
            lock (_totalsLock)
            {
                _archived++;
                if (rollout.Verdict.Passed)
                {
                    _passed++;
                }

                if (rollout.Verdict.Detail.StartsWith(InfrastructurePrefix, StringComparison.Ordinal))
                {
                    _infrastructure++;
                }

                _promptTokens += rollout.PromptTokens;
                _completionTokens += rollout.CompletionTokens;
                _cost += rollout.Cost;
            }
        }
    }
}
