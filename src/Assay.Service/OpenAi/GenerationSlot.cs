using Assay.Nano;

namespace Assay.Service.OpenAi;

/// <summary>
/// One admitted generation's place in the <see cref="GenerationGate"/>, given back only when the generation itself has
/// ended. A client that leaves ends its HTTP handler at once, while the generation stops at its next token; a place freed
/// with the handler let a waiting request start, and rent a KV cache, beside a generation still running, so the gate
/// bounded handlers rather than generations and a burst of reset streams allocated caches the pool could not keep.
/// </summary>
public sealed class GenerationSlot : IAsyncDisposable
{
    private readonly GenerationGate _gate;
    private Task? _generation;
    private int _released;

    internal GenerationSlot(GenerationGate gate) => _gate = gate;

    /// <summary>
    /// Runs <paramref name="generate"/> as this slot's generation, on a thread of its own for the reason
    /// <see cref="LiveGeneration.Start{T}"/> gives: the server must go on reading sockets while it runs.
    /// </summary>
    public Task<T> Run<T>(Func<T> generate, CancellationToken cancellationToken) =>
        Track(Task.Factory.StartNew(generate, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default));

    /// <summary>Starts <paramref name="generate"/> as this slot's generation, its deltas read as they come.</summary>
    public LiveGeneration<T> Stream<T>(Func<Action<SampleDelta>, T> generate, CancellationToken cancellationToken)
    {
        var live = LiveGeneration.Start(generate, cancellationToken);
        Track(live.Result);
        return live;
    }

    /// <summary>
    /// Waits until the generation has ended, counts how it ended, and frees the place. Its result or exception is the
    /// handler's, which awaited it (or left because its client did); here it is only waited for.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1)
        {
            return;
        }

        try
        {
            if (_generation is { } generation)
            {
                await generation.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                _gate.Ended(generation);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task<T> Track<T>(Task<T> generation)
    {
        if (_generation is not null)
        {
            throw new InvalidOperationException("A slot runs one generation.");
        }

        _generation = generation;
        return generation;
    }
}
