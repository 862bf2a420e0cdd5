namespace Assay.Service.OpenAi;

/// <summary>
/// Lets at most <c>running</c> nano generations run at once and <c>waiting</c> more wait their turn; past that a request
/// is refused with a 429 the client can retry. nano is CPU-bound, so more generations at once than cores buys no
/// throughput, only memory (a batch of n = 128 holds a KV cache of tens of megabytes, rented only once admitted); and a
/// client that leaves while waiting never starts one. A place is held until the generation itself ends
/// (<see cref="GenerationSlot"/>), so the bound is on generations, not on their HTTP handlers.
/// </summary>
public sealed class GenerationGate(int running, int waiting) : IDisposable
{
    private readonly SemaphoreSlim _running = new(running, running);
    private int _admitted;
    private int _started;
    private long _finished;
    private long _cancelled;
    private long _failed;

    /// <summary>One slot per processor, and 64 waiting per processor.</summary>
    public static GenerationGate ForThisMachine() => new(Environment.ProcessorCount, 64 * Environment.ProcessorCount);

    /// <summary>What the gate holds now and how the generations it let through ended (<c>/health</c> shows it).</summary>
    public GenerationCounts Counts()
    {
        var started = Volatile.Read(ref _started);
        return new GenerationCounts(
            started, Math.Max(0, Volatile.Read(ref _admitted) - started), Interlocked.Read(ref _finished), Interlocked.Read(ref _cancelled), Interlocked.Read(ref _failed));
    }

    /// <summary>Waits for a place; dispose the result to free it. Throws a 429 <see cref="OpenAiRequestException"/> when too many wait.</summary>
    public async Task<GenerationSlot> EnterAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _admitted) > running + waiting)
        {
            Interlocked.Decrement(ref _admitted);
            throw new OpenAiRequestException(
                "The server is busy with other generations; retry after a short wait", param: null, 429, "rate_limit_error", "server_busy");
        }

        try
        {
            await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Decrement(ref _admitted);
            throw;
        }

        Interlocked.Increment(ref _started);
        return new GenerationSlot(this);
    }

    /// <summary>Counts how a generation that ran in a slot ended.</summary>
    internal void Ended(Task generation)
    {
        if (generation.IsCompletedSuccessfully)
        {
            Interlocked.Increment(ref _finished);
        }
        else if (generation.IsCanceled || generation.Exception?.InnerException is OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
        }
        else
        {
            Interlocked.Increment(ref _failed);
        }
    }

    /// <summary>Gives a slot's place back.</summary>
    internal void Release()
    {
        Interlocked.Decrement(ref _started);
        Interlocked.Decrement(ref _admitted);
        _running.Release();
    }

    /// <inheritdoc />
    public void Dispose() => _running.Dispose();
}
