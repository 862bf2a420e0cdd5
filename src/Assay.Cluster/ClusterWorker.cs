using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Assay.Archive;
using Assay.Rollouts;
using NATS.Client.JetStream;

namespace Assay.Cluster;

/// <summary>
/// <c>assay worker</c>: pulls chunks of slots from the work-queue stream, runs each with the single-machine engine
/// (<see cref="CampaignRunner.RunPlannedAsync"/>: roll out, verify in this worker's sandbox, archive), and acknowledges a
/// chunk only once its rollouts are archived, sending in-progress acknowledgements while it runs. A killed worker's chunk
/// is redelivered after the ack wait; the worker that gets it asks only the slots not yet archived (rollout ids are
/// derived from the slot, so nothing is archived twice) and counts them as asked again (<see cref="SharedCampaignState.Reasked"/>).
/// A chunk delivered more than <see cref="ClusterOptions.MaxDeliveries"/> times goes to the dead-letter stream unrun.
/// A generate worker (<see cref="WorkerRole.Generate"/>) hands its answers to the verify stream instead of verifying and
/// archiving them (<see cref="VerificationHandOff"/>), and acknowledges a chunk once JetStream holds them all.
/// Draining (SIGTERM) stops taking chunks and finishes those held.
/// </summary>
public sealed class ClusterWorker : IAsyncDisposable
{
    private readonly ClusterConnection _cluster;
    private readonly PostgresSlotQueries _slots;
    private readonly IRolloutArchive _archive;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Task<CampaignWork>> _campaigns = new(StringComparer.Ordinal);
    private long _chunks;
    private long _rollouts;

    /// <summary>Creates a worker.</summary>
    public ClusterWorker(ClusterConnection cluster, PostgresSlotQueries slots, IRolloutArchive archive, WorkerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (options.Role == WorkerRole.Verify)
        {
            throw new ArgumentException("a verify worker is a VerificationWorker", nameof(options));
        }

        _cluster = cluster;
        _slots = slots;
        _archive = archive;
        _options = options;
        _time = time;
    }

    /// <summary>Chunks acknowledged so far.</summary>
    public long Chunks => Interlocked.Read(ref _chunks);

    /// <summary>Rollouts archived so far.</summary>
    public long Rollouts => Interlocked.Read(ref _rollouts);

    /// <summary>Works until <paramref name="drain"/> is cancelled, then finishes the chunks it holds; <paramref name="abort"/>
    /// stops those too (what is scored is archived; the rest is redelivered at once).</summary>
    /// <exception cref="VerifierMismatchException">A campaign is pinned to another verifier.</exception>
    public Task RunAsync(CancellationToken drain, CancellationToken abort) =>
        _cluster.RunLanesAsync(ClusterNames.SlotsStream, ClusterNames.SlotsConsumer, _options.Lanes, (consumer, lanesDrain) => LaneAsync(consumer, lanesDrain, abort), drain, abort);

    private async Task LaneAsync(INatsJSConsumer consumer, CancellationTokenSource drain, CancellationToken abort)
    {
        while (!drain.IsCancellationRequested)
        {
            INatsJSMsg<byte[]>? next;
            try
            {
                next = await consumer.NextAsync<byte[]>(opts: new NatsJSNextOpts { Expires = TimeSpan.FromSeconds(2) }, cancellationToken: drain.Token)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (drain.IsCancellationRequested)
            {
                // A chunk delivered as the pull was cancelled is redelivered after the ack wait: nothing is lost.
                return;
            }

            if (next is not { } message)
            {
                continue;
            }

            try
            {
                await HandleAsync(message, abort).ConfigureAwait(false);
            }
            catch (VerifierMismatchException)
            {
                // Another worker, with the campaign's verifier, takes it at once; this one stops taking chunks.
                await message.NakAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                await drain.CancelAsync().ConfigureAwait(false);
                throw;
            }
            catch (Exception ex) when (!abort.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                // The archive or NATS failed under this chunk: hand it back; its deliveries count towards the dead-letter limit.
                _options.Log($"chunk {message.Subject} #{message.Metadata?.Sequence.Stream}: {ex.GetType().Name}: {ex.Message}; handed back");
                await message.NakAsync(new AckOpts(), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(INatsJSMsg<byte[]> message, CancellationToken abort)
    {
        var chunk = JsonSerializer.Deserialize(message.Data, ClusterJsonContext.Default.SlotChunk)
            ?? throw new InvalidDataException("empty chunk");
        var delivered = (long)(message.Metadata?.NumDelivered ?? 1);
        var state = _cluster.Campaign(chunk.CampaignId);
        if (delivered > _options.Cluster.MaxDeliveries)
        {
            await DeadLetters.MoveAsync(_cluster, message, chunk.CampaignId, chunk.Slots.Count, delivered, _options.Log,
                string.Create(CultureInfo.InvariantCulture, $"chunk {chunk.Index}")).ConfigureAwait(false);
            return;
        }

        var keepAlive = new MessageKeepAlive(message, _options.Cluster.AckWait, _time, abort);
        await using (keepAlive.ConfigureAwait(false))
        {
            await RunChunkAsync(message, chunk, delivered, state, abort).ConfigureAwait(false);
        }
    }

    private async Task RunChunkAsync(INatsJSMsg<byte[]> message, SlotChunk chunk, long delivered, SharedCampaignState state, CancellationToken abort)
    {
        var work = await _campaigns.GetOrAdd(chunk.CampaignId, id => CampaignWork.CreateAsync(_cluster, _archive, id, _options, _time, CancellationToken.None))
            .ConfigureAwait(false);
        if (await state.StoppedAsync(abort).ConfigureAwait(false) is { } stopped)
        {
            // The campaign stopped (budget, refusal, threshold, interrupted): its slots stay unasked for a resume.
            await message.AckAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            _options.Log($"chunk {chunk.Index} of {chunk.CampaignId} dropped: the campaign stopped ({stopped})");
            return;
        }

        var plan = chunk.ToPlan();
        var archived = await _slots.ArchivedAsync([.. plan.Select(p => p.Id)], abort).ConfigureAwait(false);
        var remaining = plan.Where(p => !archived.Contains(p.Id)).ToList();
        if (delivered > 1 && remaining.Count > 0)
        {
            await state.AddAsync(SharedCampaignState.Reasked, remaining.Count, abort).ConfigureAwait(false);
            _options.Log(string.Create(CultureInfo.InvariantCulture,
                $"chunk {chunk.Index} of {chunk.CampaignId}, delivery {delivered}: {plan.Count - remaining.Count} slots archived before, {remaining.Count} asked again"));
        }

        var reserved = 0m;
        var budget = work.Campaign.EffectiveBudget;
        if (budget.MaxCost is { } limit && work.Price is { } price && remaining.Count > 0)
        {
            reserved = remaining.Sum(p => RolloutRequest.For(work.Campaign, p.Problem, p.SampleIndex).WorstCaseCost(price));
            if (!await ReserveAsync(chunk, reserved, limit, state, abort).ConfigureAwait(false))
            {
                // The budget is reached, or the campaign stopped while this chunk waited: its slots stay unasked for a resume.
                await message.AckAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                return;
            }
        }

        var result = remaining.Count == 0 ? null : await work.Runner.RunPlannedAsync(work.Campaign, remaining, new CampaignRunOptions
        {
            Workers = _options.Concurrency,
            MaxInfrastructureFailures = InfrastructureThreshold.Off,
            Writer = new RolloutWriterOptions(FlushInterval: _options.FlushInterval),
        }, abort).ConfigureAwait(false);

        if (reserved > 0)
        {
            await new ClusterBudget(_cluster.Campaigns, chunk.CampaignId).SettleAsync(chunk.Index, result?.Cost ?? 0m, CancellationToken.None).ConfigureAwait(false);
        }

        Interlocked.Add(ref _rollouts, result?.Archived ?? 0);
        switch (result?.StopReason ?? CampaignStopReason.Completed)
        {
            case CampaignStopReason.Completed:
                await message.AckAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref _chunks);
                break;
            case CampaignStopReason.Refused:
                await state.StopAsync(ClusterStop.Refused, CancellationToken.None).ConfigureAwait(false);
                await message.AckAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                break;
            default:
                // Aborted mid-chunk: what was scored is archived; the rest goes to another worker now, not after the ack wait.
                await message.NakAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Reserves the chunk's worst case in the shared budget, waiting while it fits only once chunks in flight
    /// settle; false when the budget is reached (the campaign is stopped for it) or the campaign stopped meanwhile.</summary>
    private async Task<bool> ReserveAsync(SlotChunk chunk, decimal amount, decimal limit, SharedCampaignState state, CancellationToken abort)
    {
        var budget = new ClusterBudget(_cluster.Campaigns, chunk.CampaignId);
        while (true)
        {
            switch (await budget.TryReserveAsync(chunk.Index, amount, limit, abort).ConfigureAwait(false))
            {
                case BudgetReservation.Reserved:
                    return true;
                case BudgetReservation.Exhausted:
                    await state.StopAsync(ClusterStop.Budget, abort).ConfigureAwait(false);
                    return false;
            }

            if (await state.StoppedAsync(abort).ConfigureAwait(false) is not null)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, abort).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var work in _campaigns.Values)
        {
            if (work.IsCompletedSuccessfully)
            {
                await (await work.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
