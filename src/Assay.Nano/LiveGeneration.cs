using System.Threading.Channels;

namespace Assay.Nano;

/// <summary>A nano generation running on the thread pool, read while it grows.</summary>
/// <typeparam name="T">What the generation returns when it ends.</typeparam>
/// <param name="Deltas">The samples' deltas in the order they were made; completes when the generation ends.</param>
/// <param name="Result">The generation's result, or its exception.</param>
public sealed record LiveGeneration<T>(ChannelReader<SampleDelta> Deltas, Task<T> Result);

/// <summary>Starts nano generations whose deltas are read as they come (streaming responses).</summary>
public static class LiveGeneration
{
    /// <summary>
    /// Runs <paramref name="generate"/> on a thread of its own, handing it the callback that feeds
    /// <see cref="LiveGeneration{T}.Deltas"/>; the channel completes however the generation ends. Not on a thread-pool
    /// thread: a generation's loop and its kernels' Parallel.For held the pool's threads (two on two cores) from start to
    /// end, so the reader of the deltas, and the server writing them to a client or noticing it had gone, ran only once the
    /// generation was over (every event of a 2 s stream arrived at its end).
    /// </summary>
    public static LiveGeneration<T> Start<T>(Func<Action<SampleDelta>, T> generate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generate);
        var deltas = Channel.CreateUnbounded<SampleDelta>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var result = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    return generate(d => deltas.Writer.TryWrite(d));
                }
                finally
                {
                    deltas.Writer.TryComplete();
                }
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        return new LiveGeneration<T>(deltas.Reader, result);
    }
}
