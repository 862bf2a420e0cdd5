using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Assay.Archive;
using Assay.Core;
using Assay.Rollouts;
using NATS.Client.JetStream;

namespace Assay.Cluster;

/// <summary>
/// <c>assay worker --role verify</c>: takes answered rollouts from the verify stream (handed over by generate workers,
/// <see cref="VerificationHandOff"/>), scores each exactly as a campaign does (answer extraction, then this worker's
/// sandbox pool, <see cref="WorkerOptions.Sandboxes"/> at a time), archives them (idempotent on the rollout id) and only
/// then acknowledges them, so a killed verify worker's rollouts are redelivered and nothing is lost or doubled. A campaign
/// pinned to another verifier is refused (<see cref="VerifierMismatchException"/>). Draining stops taking rollouts and
/// finishes those held.
/// </summary>
public sealed class VerificationWorker
{
    /// <summary><see cref="Reverification"/> scores rollouts that carry a verdict to check; the hand-off's mark stands in
    /// as a neutral one until the verifier's replaces it.</summary>
    private static readonly Verdict Unscored = HandOffVerifier.Pending with { Status = VerdictStatus.Failed };

    private readonly ClusterConnection _cluster;
    private readonly IRolloutArchive _archive;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Task<IReadOnlyDictionary<string, Problem>>> _problems = new(StringComparer.Ordinal);
    private long _rollouts;

    /// <summary>Creates a verify worker; <paramref name="options"/> must give a verifier and its identity.</summary>
    public VerificationWorker(ClusterConnection cluster, IRolloutArchive archive, WorkerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (options.Verifier is null || options.VerifierIdentity is null)
        {
            throw new ArgumentException("a verify worker needs a verifier and its identity", nameof(options));
        }

        _cluster = cluster;
        _archive = archive;
        _options = options;
        _time = time;
    }

    /// <summary>Rollouts verified and archived so far.</summary>
    public long Rollouts => Interlocked.Read(ref _rollouts);

    /// <summary>Works until <paramref name="drain"/> is cancelled, then finishes the rollouts it holds; <paramref name="abort"/>
    /// hands those back too.</summary>
    /// <exception cref="VerifierMismatchException">A campaign is pinned to another verifier.</exception>
    public Task RunAsync(CancellationToken drain, CancellationToken abort) =>
        _cluster.RunLanesAsync(ClusterNames.VerifyStream, ClusterNames.VerifyConsumer, _options.Lanes, (consumer, lanesDrain) => LaneAsync(consumer, lanesDrain, abort), drain, abort);

    /// <summary>Takes a batch of up to a pool's worth of rollouts at a time: the lanes overlap one batch's archiving with
    /// another's verification.</summary>
    private async Task LaneAsync(INatsJSConsumer consumer, CancellationTokenSource drain, CancellationToken abort)
    {
        while (!drain.IsCancellationRequested)
        {
            var batch = new List<INatsJSMsg<byte[]>>(_options.Sandboxes);
            try
            {
                var fetch = new NatsJSFetchOpts { MaxMsgs = _options.Sandboxes, Expires = TimeSpan.FromSeconds(2) };
                await foreach (var message in consumer.FetchAsync<byte[]>(fetch, cancellationToken: drain.Token).ConfigureAwait(false))
                {
                    batch.Add(message);
                }
            }
            catch (OperationCanceledException) when (drain.IsCancellationRequested)
            {
                await HandBackAsync(batch).ConfigureAwait(false);
                return;
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await HandleAsync(batch, abort).ConfigureAwait(false);
            }
            catch (VerifierMismatchException)
            {
                // Another verify worker, with the campaign's verifier, takes them at once; this one stops taking rollouts.
                await HandBackAsync(batch).ConfigureAwait(false);
                await drain.CancelAsync().ConfigureAwait(false);
                throw;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                await HandBackAsync(batch).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!abort.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                // The archive or NATS failed under this batch: hand it back; its deliveries count towards the dead-letter limit.
                _options.Log($"verify batch of {batch.Count}: {ex.GetType().Name}: {ex.Message}; handed back");
                await HandBackAsync(batch).ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(List<INatsJSMsg<byte[]>> batch, CancellationToken abort)
    {
        var keepAlives = batch.Select(m => new MessageKeepAlive(m, _options.Cluster.AckWait, _time, abort)).ToList();
        try
        {
            var held = new List<(INatsJSMsg<byte[]> Message, Rollout Rollout)>(batch.Count);
            foreach (var message in batch)
            {
                var rollout = JsonSerializer.Deserialize(message.Data, ClusterJsonContext.Default.Rollout) ?? throw new InvalidDataException("empty rollout");
                var delivered = (long)(message.Metadata?.NumDelivered ?? 1);
                if (delivered > _options.Cluster.MaxDeliveries)
                {
                    await DeadLetters.MoveAsync(_cluster, message, rollout.CampaignId, 1, delivered, _options.Log, $"rollout {rollout.Id}").ConfigureAwait(false);
                    continue;
                }

                held.Add((message, rollout));
            }

            foreach (var campaign in held.GroupBy(h => h.Rollout.CampaignId, StringComparer.Ordinal))
            {
                IReadOnlyDictionary<string, Problem> problems;
                try
                {
                    problems = await _problems.GetOrAdd(campaign.Key, id => ProblemsAsync(id, CancellationToken.None)).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not VerifierMismatchException)
                {
                    // Not refused, only not read (NATS or the archive failed): the next batch of the campaign reads again.
                    _problems.TryRemove(campaign.Key, out _);
                    throw;
                }

                var rescored = await Reverification.RescoreAsync(_options.Verifier!, [.. campaign.Select(h => h.Rollout with { Verdict = Unscored })], problems,
                    _options.Sandboxes, cancellationToken: abort).ConfigureAwait(false);
                var scoredAt = _time.GetUtcNow();
                await _archive.AppendAsync([.. rescored.Select(r => r.Rollout with { Verdict = r.Verdict, CreatedAt = scoredAt })], abort).ConfigureAwait(false);
                foreach (var (message, _) in campaign)
                {
                    await message.AckAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                }

                Interlocked.Add(ref _rollouts, rescored.Count);
            }
        }
        finally
        {
            foreach (var keepAlive in keepAlives)
            {
                await keepAlive.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A campaign's problems by id, once its verifier is checked (pinned by the first worker that verifies).</summary>
    private async Task<IReadOnlyDictionary<string, Problem>> ProblemsAsync(string campaignId, CancellationToken cancellationToken)
    {
        var pinned = await CampaignWork.PinAsync(_cluster.Campaign(campaignId), campaignId, _options, cancellationToken).ConfigureAwait(false);
        var problems = await _archive.GetProblemsAsync(campaignId, cancellationToken).ConfigureAwait(false);
        _options.Log(string.Create(CultureInfo.InvariantCulture, $"campaign {campaignId}: verifying {problems.Count} problems' answers, verifier {pinned}"));
        return problems.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>Gives messages back for redelivery at once (to another worker, or this one).</summary>
    private static async Task HandBackAsync(List<INatsJSMsg<byte[]>> batch)
    {
        foreach (var message in batch)
        {
            await message.NakAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
    }
}
