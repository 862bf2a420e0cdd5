namespace Assay.Service.OpenAi;

/// <summary>
/// Lets at most <c>running</c> nano generations run at once and <c>waiting</c> more wait their turn; past that a request
/// is refused with a 429 the client can retry. nano is CPU-bound, so more generations at once than cores buys no
/// throughput, only memory (a batch of n = 128 holds a KV cache of tens of megabytes); and a client that leaves while
/// waiting never starts one.
/// </summary>
public sealed class GenerationGate(int running, int waiting) : IDisposable
{
    private readonly SemaphoreSlim _running = new(running, running);
    private int _queued;

    /// <summary>One slot per processor, and 64 waiting per processor.</summary>
    public static GenerationGate ForThisMachine() => new(Environment.ProcessorCount, 64 * Environment.ProcessorCount);

    /// <summary>Waits for a slot; dispose the result to free it. Throws a 429 <see cref="OpenAiRequestException"/> when too many wait.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _queued) > running + waiting)
        {
            Interlocked.Decrement(ref _queued);
            throw new OpenAiRequestException(
                "The server is busy with other generations; retry after a short wait", param: null, 429, "rate_limit_error", "server_busy");
        }

        try
        {
            await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Decrement(ref _queued);
            throw;
        }

        return new Slot(this);
    }

    /// <inheritdoc />
    public void Dispose() => _running.Dispose();

    private sealed class Slot(GenerationGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate._running.Release();
                Interlocked.Decrement(ref gate._queued);
            }
        }
    }
}
