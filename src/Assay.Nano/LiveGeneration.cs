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
    /// Runs <paramref name="generate"/> on the thread pool, handing it the callback that feeds
    /// <see cref="LiveGeneration{T}.Deltas"/>; the channel completes however the generation ends.
    /// </summary>
    public static LiveGeneration<T> Start<T>(Func<Action<SampleDelta>, T> generate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generate);
        var deltas = Channel.CreateUnbounded<SampleDelta>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var result = Task.Run(
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
            cancellationToken);
        return new LiveGeneration<T>(deltas.Reader, result);
    }
}
