using System.Text.Json;
using Assay.Core;
using Assay.Rollouts;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Assay.Cluster;

/// <summary>
/// The coordinator's publishing of one campaign's chunks, a window at a time: chunks are cut as they are published, and at
/// most <see cref="ClusterOptions.PublishWindow"/> of the campaign's are in the work-queue stream at once (delivered or
/// not: a work queue keeps a message until it is acknowledged). So neither the stream nor the coordinator's memory grows
/// with the campaign's size. Each chunk has a message id derived from its first rollout and the run, so a publish the
/// client sends again within the stream's duplicate window adds nothing twice, while a resume within that window (whose
/// first chunk may begin with the same rollout as a chunk the stop purged) is not refused as a duplicate ("Duplicate of
/// 1": the resume failed so before).
/// </summary>
internal sealed class ChunkWindow : IDisposable
{
    // Publishes awaited together: enough to hide the round trip, few enough to bound what is in flight.
    private const int InFlight = 256;

    private readonly NatsJSContext _js;
    private readonly string _campaignId;
    private readonly string _subject;
    private readonly int _size;
    private readonly IEnumerator<SlotChunk> _chunks;
    private readonly string _run;

    // run: tells this run's message ids from an earlier run's of the same campaign.
    public ChunkWindow(NatsJSContext js, string campaignId, IReadOnlyList<PlannedRollout> plan, ClusterOptions options, string run)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PublishWindow, 1);
        _js = js;
        _campaignId = campaignId;
        _subject = ClusterNames.SlotsSubject(campaignId);
        _size = options.PublishWindow;
        _chunks = SlotChunk.Cut(campaignId, plan, options.ChunkSize).GetEnumerator();
        _run = run;
    }

    /// <summary>Chunks published so far.</summary>
    public long Published { get; private set; }

    /// <summary>Whether every chunk of the plan is published.</summary>
    public bool Exhausted { get; private set; }

    /// <summary>The most chunks of the campaign the stream held right after a top-up (never more than the window).</summary>
    public long HighWater { get; private set; }

    /// <summary>Publishes chunks until the stream holds the window's worth of the campaign's (or the plan is all out);
    /// returns how many of its chunks the stream holds then, at most.</summary>
    public async Task<long> TopUpAsync(CancellationToken cancellationToken)
    {
        var held = await HeldAsync(cancellationToken).ConfigureAwait(false);
        var batch = new List<SlotChunk>(InFlight);
        while (!Exhausted && held < _size)
        {
            batch.Clear();
            while (batch.Count < Math.Min(InFlight, _size - held))
            {
                if (!_chunks.MoveNext())
                {
                    Exhausted = true;
                    break;
                }

                batch.Add(_chunks.Current);
            }

            await Task.WhenAll(batch.Select(chunk => PublishAsync(chunk, cancellationToken))).ConfigureAwait(false);
            held += batch.Count;
            Published += batch.Count;
        }

        // Workers only take chunks away between the count and the publishes, so the stream never held more than this.
        HighWater = Math.Max(HighWater, held);
        return held;
    }

    /// <summary>The campaign's chunks in the stream: not yet delivered, or delivered and not yet acknowledged.</summary>
    public Task<long> HeldAsync(CancellationToken cancellationToken) => MessagesAsync(_js, ClusterNames.SlotsStream, _subject, cancellationToken);

    /// <summary>Messages of <paramref name="stream"/> on <paramref name="subject"/> (a work queue holds those not yet acknowledged).</summary>
    public static async Task<long> MessagesAsync(NatsJSContext js, string stream, string subject, CancellationToken cancellationToken)
    {
        var info = await js.GetStreamAsync(stream, new StreamInfoRequest { SubjectsFilter = subject }, cancellationToken).ConfigureAwait(false);
        return info.Info.State.Subjects is { } counts && counts.TryGetValue(subject, out var count) ? (long)count : 0;
    }

    public void Dispose() => _chunks.Dispose();

    private async Task PublishAsync(SlotChunk chunk, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(chunk, ClusterJsonContext.Default.SlotChunk);
        var first = RolloutId.For(_campaignId, chunk.Problems[chunk.Slots[0].Problem].Id, chunk.Slots[0].Sample, chunk.Slots[0].Attempt);
        var ack = await _js.PublishAsync(_subject, data, opts: new NatsJSPubOpts { MsgId = $"{first}@{_run}" }, cancellationToken: cancellationToken).ConfigureAwait(false);
        ack.EnsureSuccess();
    }
}
