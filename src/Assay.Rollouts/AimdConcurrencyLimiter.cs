namespace Assay.Rollouts;

/// <summary>
/// A concurrency limit that adapts like TCP's congestion window: each success adds 1/limit (so about +1 per
/// round of <c>limit</c> requests), each overload signal (429) multiplies it by <see cref="DecreaseFactor"/>,
/// always within [<see cref="Minimum"/>, <see cref="Maximum"/>]. Requests that started before the last decrease
/// cannot trigger another one, so a burst of 429s from one window halves the limit once, not once per request.
/// </summary>
public sealed class AimdConcurrencyLimiter
{
    /// <summary>Multiplicative decrease on overload.</summary>
    public const double DecreaseFactor = 0.5;

    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private double _limit;
    private int _inFlight;
    private long _generation;

    /// <summary>Creates a limiter starting at <paramref name="initial"/>.</summary>
    public AimdConcurrencyLimiter(int minimum, int maximum, int initial)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, minimum);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(initial, maximum);
        Minimum = minimum;
        Maximum = maximum;
        _limit = initial;
    }

    /// <summary>The lowest the limit may fall.</summary>
    public int Minimum { get; }

    /// <summary>The highest the limit may rise.</summary>
    public int Maximum { get; }

    /// <summary>How many requests may be in flight now.</summary>
    public int CurrentLimit
    {
        get
        {
            lock (_lock)
            {
                return (int)_limit;
            }
        }
    }

    /// <summary>How many requests are in flight now.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Waits for a slot. Dispose nothing: hand the returned ticket to <see cref="Release"/>.</summary>
    public async ValueTask<long> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _inFlight < (int)_limit)
            {
                _inFlight++;
                return _generation;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        using (cancellationToken.Register(static w => ((TaskCompletionSource)w!).TrySetCanceled(), waiter))
        {
            // A waiter granted a slot (TrySetResult won the race against cancellation) proceeds; see Grant.
            await waiter.Task.ConfigureAwait(false);
        }

        lock (_lock)
        {
            return _generation;
        }
    }

    /// <summary>Raised (outside the limiter's lock) each time a 429 lowered the limit, so that others sending to the
    /// same service can back off too (a cluster's workers: <c>Assay.Cluster.ClusterBackOff</c>). Nothing listens on
    /// one machine.</summary>
    public event EventHandler? Overloaded;

    /// <summary>Gives back a slot and tells the limiter how the request went.</summary>
    /// <param name="ticket">What <see cref="AcquireAsync"/> returned.</param>
    /// <param name="outcome">Success raises the limit, overload lowers it, neutral leaves it.</param>
    public void Release(long ticket, ConcurrencyOutcome outcome)
    {
        var lowered = false;
        lock (_lock)
        {
            _inFlight--;
            switch (outcome)
            {
                case ConcurrencyOutcome.Success:
                    _limit = Math.Min(Maximum, _limit + (1.0 / _limit));
                    break;
                case ConcurrencyOutcome.Overloaded when ticket == _generation:
                    LowerLocked();
                    lowered = true;
                    break;
            }

            Grant();
        }

        if (lowered)
        {
            Overloaded?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>Lowers the limit as a 429 does, for an overload someone else saw (another worker sending to the same
    /// service); requests already in flight cannot lower it again. Does not raise <see cref="Overloaded"/>.</summary>
    public void BackOff()
    {
        lock (_lock)
        {
            LowerLocked();
        }
    }

    private void LowerLocked()
    {
        _limit = Math.Max(Minimum, _limit * DecreaseFactor);
        _generation++;
    }

    private void Grant()
    {
        while (_inFlight < (int)_limit && _waiters.TryDequeue(out var next))
        {
            if (next.TrySetResult())
            {
                _inFlight++;
            }
        }
    }
}
