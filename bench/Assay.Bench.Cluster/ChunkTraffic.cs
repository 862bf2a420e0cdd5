using System.Text.Json;
using System.Text.Json.Serialization;
using Assay.Cluster;
using Assay.Core;
using Assay.Rollouts;
using NATS.Client.Core;

namespace Assay.Bench.Cluster;

/// <summary>
/// The chunks a campaign publishes, counted as they cross NATS: a plain (core NATS) subscription to the slots subjects
/// receives a copy of every message published to the stream, so the count and bytes are the real ones.
/// </summary>
internal sealed class ChunkTraffic : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private long _messages;
    private long _bytes;

    private ChunkTraffic(NatsConnection connection)
    {
        _connection = connection;
        _reading = ReadAsync();
    }

    public long Messages => Interlocked.Read(ref _messages);

    public long Bytes => Interlocked.Read(ref _bytes);

    public static async Task<ChunkTraffic> StartAsync(string url)
    {
        var connection = new NatsConnection(new NatsOpts { Url = url, Name = "bench chunk counter" });
        await connection.ConnectAsync();
        var traffic = new ChunkTraffic(connection);
        await connection.PingAsync();
        return traffic;
    }

    /// <summary>The mean size of a chunk of <paramref name="size"/> slots of <paramref name="suite"/> in the campaign
    /// engine's sample-major order (each chunk carries up to <paramref name="size"/> different problems, whole),
    /// serialized with the options of the cluster's own JSON context (camel case, nulls left out): for suites the bench
    /// does not run.</summary>
    public static int ChunkBytes(IReadOnlyList<Problem> suite, int size)
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        var plan = Enumerable.Range(0, 2).SelectMany(i => suite.Select(p => new PlannedRollout(RolloutId.For("20261201-115627-921a57", p.Id, i), p, i, 0))).ToList();
        var chunks = SlotChunk.Cut("20261201-115627-921a57", plan, size);
        return (int)chunks.Average(c => JsonSerializer.SerializeToUtf8Bytes(c, options).Length);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
        }

        await _connection.DisposeAsync();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        await foreach (var message in _connection.SubscribeAsync<NatsMemoryOwner<byte>>("assay.slots.>", cancellationToken: _stop.Token))
        {
            using var data = message.Data;
            Interlocked.Increment(ref _messages);
            Interlocked.Add(ref _bytes, data.Length);
        }
    }
}
