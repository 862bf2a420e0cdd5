using System.Text.Json;
using Assay.Archive;
using Assay.Core;
using Assay.Rollouts;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Assay.Cluster;

/// <summary>
/// <c>assay run --cluster</c>'s coordinator: publishes a stored campaign's plan in chunks to the work-queue stream, then
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

    /// <summary>How often the archive is read for progress.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs <paramref name="plan"/> of <paramref name="campaign"/> (stored already) over the cluster's workers.</summary>
    /// <param name="campaign">The campaign.</param>
    /// <param name="plan">Its slots to ask (<see cref="CampaignRunner.PlanAsync"/>).</param>
    /// <param name="spentBefore">What its earlier runs spent (the start of the shared budget).</param>
    /// <param name="limits">Requests and tokens per minute, all workers together.</param>
    /// <param name="threshold">When infrastructure failures stop it.</param>
    /// <param name="options">Chunk size and the stream's settings.</param>
    /// <param name="progress">Progress, every <see cref="PollInterval"/>.</param>
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
        await PublishAsync(campaign.Id, plan, options.ChunkSize, cancellationToken).ConfigureAwait(false);

        CampaignStopReason? reason = null;
        long archived = 0, infrastructure = 0;
        try
        {
            while (reason is null)
            {
                await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
                var (rows, failures, latest) = await _slots.CountAsync(campaign.Id, threshold.Consecutive ?? 0, cancellationToken).ConfigureAwait(false);
                archived = rows - before;
                infrastructure = failures - infrastructureBefore;
                var consecutive = latest.TakeWhile(s => s == "infrastructure").Count();
                var dead = await state.CountAsync(SharedCampaignState.DeadSlots, cancellationToken).ConfigureAwait(false);
                var elapsed = _time.GetElapsedTime(started).TotalSeconds;
                progress?.Report(new ClusterProgress(archived, plan.Count, infrastructure, elapsed > 0 ? archived / elapsed : 0,
                    await PendingAsync(cancellationToken).ConfigureAwait(false), await VerifyingAsync(campaign.Id, cancellationToken).ConfigureAwait(false)));
                if (threshold.IsPassed(consecutive, (int)infrastructure, (int)archived))
                {
                    await state.StopAsync(ClusterStop.InfrastructureThreshold, cancellationToken).ConfigureAwait(false);
                }

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

        return new ClusterResult(campaign.Id, plan.Count, archived, infrastructure, reason.Value,
            await state.CountAsync(SharedCampaignState.Reasked, CancellationToken.None).ConfigureAwait(false),
            await state.CountAsync(SharedCampaignState.DeadChunks, CancellationToken.None).ConfigureAwait(false),
            await state.CountAsync(SharedCampaignState.DeadSlots, CancellationToken.None).ConfigureAwait(false),
            await state.VerifierAsync(CancellationToken.None).ConfigureAwait(false),
            _time.GetElapsedTime(started));
    }

    /// <summary>Publishes the chunks, many in flight at once. Each has a message id derived from its first rollout, so a
    /// coordinator that publishes again within the stream's duplicate window adds nothing twice.</summary>
    private async Task PublishAsync(string campaignId, IReadOnlyList<PlannedRollout> plan, int chunkSize, CancellationToken cancellationToken)
    {
        var subject = ClusterNames.SlotsSubject(campaignId);
        var chunks = SlotChunk.Cut(campaignId, plan, chunkSize);
        const int InFlight = 256;
        for (var start = 0; start < chunks.Count; start += InFlight)
        {
            var batch = chunks.Skip(start).Take(InFlight).Select(async chunk =>
            {
                var data = JsonSerializer.SerializeToUtf8Bytes(chunk, ClusterJsonContext.Default.SlotChunk);
                var first = RolloutId.For(campaignId, chunk.Problems[chunk.Slots[0].Problem].Id, chunk.Slots[0].Sample, chunk.Slots[0].Attempt);
                var ack = await _cluster.JetStream.PublishAsync(subject, data, opts: new NatsJSPubOpts { MsgId = first }, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                ack.EnsureSuccess();
            });
            await Task.WhenAll(batch).ConfigureAwait(false);
        }
    }

    /// <summary>Answers of the campaign in the verify stream, not yet verified and archived (0 without generate workers).</summary>
    private async Task<long> VerifyingAsync(string campaignId, CancellationToken cancellationToken)
    {
        var subject = ClusterNames.VerifySubject(campaignId);
        var stream = await _cluster.JetStream.GetStreamAsync(ClusterNames.VerifyStream, new StreamInfoRequest { SubjectsFilter = subject }, cancellationToken)
            .ConfigureAwait(false);
        return stream.Info.State.Subjects is { } counts && counts.TryGetValue(subject, out var count) ? (long)count : 0;
    }

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
