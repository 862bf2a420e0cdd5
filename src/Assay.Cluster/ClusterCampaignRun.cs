using System.Globalization;
using Assay.Archive;
using Assay.Core;
using Assay.Rollouts;
using NATS.Client.JetStream.Models;

namespace Assay.Cluster;

/// <summary>
/// <c>assay run --cluster</c>'s coordinator: publishes a stored campaign's plan in chunks to the work-queue stream, a
/// window at a time (<see cref="ClusterOptions.PublishWindow"/>), topping the window up as workers acknowledge chunks, and
/// watches the archive (the source of truth for what is done) until every slot is archived, or the campaign stops as a
/// single-machine run would: the budget, a refusal, the infrastructure threshold (judged here, from the archive, over
/// every worker's rollouts), or an interruption. A stop is recorded in the campaign's state, so workers drop its
/// remaining chunks, and its chunks are purged from the stream; a resume publishes what is not archived.
/// </summary>
public sealed class ClusterCampaignRun
{
    private readonly ClusterConnection _cluster;
    private readonly PostgresSlotQueries _slots;
    private readonly TimeProvider _time;

    /// <summary>Creates a coordinator.</summary>
    public ClusterCampaignRun(ClusterConnection cluster, PostgresSlotQueries slots, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(time);
        _cluster = cluster;
        _slots = slots;
        _time = time;
    }

    /// <summary>How often the publish window is topped up and the campaign's stop read; the archive is counted as often,
    /// unless counting is slow (<see cref="CountSpacing"/>).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The wait between two counts of the campaign's rows, as a multiple of the last count's duration: a count's
    /// time grows with the rows (~4 s near the end of 10 million), so counting takes at most 1/10 of a PostgreSQL core.</summary>
    public int CountSpacing { get; init; } = 10;

    /// <summary>Runs <paramref name="plan"/> of <paramref name="campaign"/> (stored already) over the cluster's workers.</summary>
    /// <param name="campaign">The campaign.</param>
    /// <param name="plan">Its slots to ask (<see cref="CampaignRunner.PlanAsync"/>).</param>
    /// <param name="spentBefore">What its earlier runs spent (the start of the shared budget).</param>
    /// <param name="limits">Requests and tokens per minute, all workers together.</param>
    /// <param name="threshold">When infrastructure failures stop it.</param>
    /// <param name="options">Chunk size and the stream's settings.</param>
    /// <param name="progress">Progress, after every count of the archive.</param>
    /// <param name="cancellationToken">Interrupts the campaign (status <see cref="CampaignStopReason.Cancelled"/>).</param>
    public async Task<ClusterResult> RunAsync(
        Campaign campaign, IReadOnlyList<PlannedRollout> plan, decimal spentBefore, ClusterLimits limits, InfrastructureThreshold threshold,
        ClusterOptions options, IProgress<ClusterProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(threshold);
        ArgumentNullException.ThrowIfNull(options);
        var state = _cluster.Campaign(campaign.Id);
        var started = _time.GetTimestamp();

        // A resumed campaign starts afresh: its earlier stop is history (the archive keeps what it did).
        await _cluster.Campaigns.PurgeAsync($"{campaign.Id}.stop", cancellationToken: cancellationToken).ConfigureAwait(false);
        await state.SetAsync(ClusterLimits.Key, limits.ToString(), cancellationToken).ConfigureAwait(false);
        await new ClusterBudget(_cluster.Campaigns, campaign.Id).StartAsync(spentBefore, cancellationToken).ConfigureAwait(false);
        var (before, infrastructureBefore, _) = await _slots.CountAsync(campaign.Id, 0, cancellationToken).ConfigureAwait(false);
        using var window = new ChunkWindow(_cluster.JetStream, campaign.Id, plan, options,
            _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

        CampaignStopReason? reason = null;
        long archived = 0, infrastructure = 0;
        try
        {
            await window.TopUpAsync(cancellationToken).ConfigureAwait(false);
            var nextCount = _time.GetTimestamp();
            var drainedCounted = false;
            while (reason is null)
            {
                await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
                var held = await window.TopUpAsync(cancellationToken).ConfigureAwait(false);

                // Once every chunk is acknowledged the campaign may be done: count at once rather than after a slow count's spacing.
                var drained = window.Exhausted && held == 0;
                if (_time.GetTimestamp() >= nextCount || (drained && !drainedCounted))
                {
                    drainedCounted |= drained;
                    var counting = _time.GetTimestamp();
                    var (rows, failures, latest) = await _slots.CountAsync(campaign.Id, threshold.Consecutive ?? 0, cancellationToken).ConfigureAwait(false);
                    var took = _time.GetElapsedTime(counting);
                    nextCount = _time.GetTimestamp() + (long)(Math.Max(PollInterval.TotalSeconds, CountSpacing * took.TotalSeconds) * _time.TimestampFrequency);
                    archived = rows - before;
                    infrastructure = failures - infrastructureBefore;
                    var consecutive = latest.TakeWhile(s => s == "infrastructure").Count();
                    var elapsed = _time.GetElapsedTime(started).TotalSeconds;
                    progress?.Report(new ClusterProgress(archived, plan.Count, infrastructure, elapsed > 0 ? archived / elapsed : 0,
                        await PendingAsync(cancellationToken).ConfigureAwait(false), await VerifyingAsync(campaign.Id, cancellationToken).ConfigureAwait(false)));
                    if (threshold.IsPassed(consecutive, (int)infrastructure, (int)archived))
                    {
                        await state.StopAsync(ClusterStop.InfrastructureThreshold, cancellationToken).ConfigureAwait(false);
                    }
                }

                var dead = await state.CountAsync(SharedCampaignState.DeadSlots, cancellationToken).ConfigureAwait(false);
                reason = await state.StoppedAsync(cancellationToken).ConfigureAwait(false) switch
                {
                    ClusterStop.Budget => CampaignStopReason.Budget,
                    ClusterStop.Refused => CampaignStopReason.Refused,
                    ClusterStop.InfrastructureThreshold => CampaignStopReason.InfrastructureThreshold,
                    ClusterStop.Interrupted => CampaignStopReason.Cancelled,
                    _ when archived + dead >= plan.Count => dead > 0 ? CampaignStopReason.InfrastructureThreshold : CampaignStopReason.Completed,
                    _ => null,
                };
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await state.StopAsync(ClusterStop.Interrupted, CancellationToken.None).ConfigureAwait(false);
            reason = CampaignStopReason.Cancelled;
        }

        if (reason != CampaignStopReason.Completed)
        {
            // Workers drop a stopped campaign's chunks anyway; purging spares them the trip.
            await _cluster.JetStream.PurgeStreamAsync(ClusterNames.SlotsStream, new StreamPurgeRequest { Filter = ClusterNames.SlotsSubject(campaign.Id) },
                CancellationToken.None).ConfigureAwait(false);
            if (reason != CampaignStopReason.Cancelled && await AwaitVerificationAsync(campaign.Id, options.AckWait * 2).ConfigureAwait(false))
            {
                // Answers paid for before the stop are verified and archived still: count them.
                var (rows, failures, _) = await _slots.CountAsync(campaign.Id, 0, CancellationToken.None).ConfigureAwait(false);
                (archived, infrastructure) = (rows - before, failures - infrastructureBefore);
            }
        }
        else
        {
            // Every slot is archived, so whatever of the campaign is still in a stream is a redelivery of work already
            // done (a worker killed between archiving and acknowledging): purged, not left for a worker to redo.
            foreach (var (stream, subject) in new[]
                { (ClusterNames.SlotsStream, ClusterNames.SlotsSubject(campaign.Id)), (ClusterNames.VerifyStream, ClusterNames.VerifySubject(campaign.Id)) })
            {
                await _cluster.JetStream.PurgeStreamAsync(stream, new StreamPurgeRequest { Filter = subject }, CancellationToken.None).ConfigureAwait(false);
            }
        }

        return new ClusterResult(campaign.Id, plan.Count, archived, infrastructure, reason.Value,
            await state.CountAsync(SharedCampaignState.Reasked, CancellationToken.None).ConfigureAwait(false),
            await state.CountAsync(SharedCampaignState.DeadChunks, CancellationToken.None).ConfigureAwait(false),
            await state.CountAsync(SharedCampaignState.DeadSlots, CancellationToken.None).ConfigureAwait(false),
            await state.VerifierAsync(CancellationToken.None).ConfigureAwait(false),
            _time.GetElapsedTime(started))
        {
            MostChunksInStream = window.HighWater,
        };
    }

    /// <summary>Answers of the campaign in the verify stream, not yet verified and archived (0 without generate workers).</summary>
    private Task<long> VerifyingAsync(string campaignId, CancellationToken cancellationToken) =>
        ChunkWindow.MessagesAsync(_cluster.JetStream, ClusterNames.VerifyStream, ClusterNames.VerifySubject(campaignId), cancellationToken);

    /// <summary>After a stop, waits while verify workers work through the campaign's answers in the verify stream;
    /// gives up once the count has not fallen for <paramref name="patience"/> (no verify worker running). True when
    /// there was anything to wait for.</summary>
    private async Task<bool> AwaitVerificationAsync(string campaignId, TimeSpan patience)
    {
        var left = await VerifyingAsync(campaignId, CancellationToken.None).ConfigureAwait(false);
        var waited = left > 0;
        var lastFall = _time.GetTimestamp();
        while (left > 0 && _time.GetElapsedTime(lastFall) < patience)
        {
            await Task.Delay(PollInterval, _time, CancellationToken.None).ConfigureAwait(false);
            var now = await VerifyingAsync(campaignId, CancellationToken.None).ConfigureAwait(false);
            if (now < left)
            {
                lastFall = _time.GetTimestamp();
            }

            left = now;
        }

        return waited;
    }

    private async Task<ulong> PendingAsync(CancellationToken cancellationToken)
    {
        var consumer = await _cluster.JetStream.GetConsumerAsync(ClusterNames.SlotsStream, ClusterNames.SlotsConsumer, cancellationToken).ConfigureAwait(false);
        return consumer.Info.NumPending + (ulong)consumer.Info.NumAckPending;
    }
}
