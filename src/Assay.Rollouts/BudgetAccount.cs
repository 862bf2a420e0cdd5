namespace Assay.Rollouts;

/// <summary>
/// The state of <see cref="BudgetChatClient"/> (reach it with <c>GetService&lt;BudgetAccount&gt;()</c>): a campaign's
/// spending limit, what it has spent (earlier runs included, <see cref="StartRun"/>) and the worst cases of the requests
/// in flight. A request starts only when its worst case fits in what the limit leaves after the spend and the other
/// reservations, so with a known price the spend never exceeds the limit; without one, requests stop starting once the
/// spend reaches the limit, and those in flight may overshoot it.
/// </summary>
public sealed class BudgetAccount
{
    private readonly Lock _lock = new();
    private decimal _spent;
    private decimal _reserved;
    private TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates an account.</summary>
    /// <param name="limit">US dollars the campaign may spend, all its runs together.</param>
    /// <param name="price">The price worst cases are reckoned at; null when not known.</param>
    public BudgetAccount(decimal limit, ModelPrice? price)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Limit = limit;
        Price = price;
    }

    /// <summary>The limit, US dollars.</summary>
    public decimal Limit { get; }

    /// <summary>The price worst cases are reckoned at, or null (no reservations: a soft limit).</summary>
    public ModelPrice? Price { get; }

    /// <summary>US dollars spent: by earlier runs, and by the requests answered since.</summary>
    public decimal Spent
    {
        get
        {
            lock (_lock)
            {
                return _spent;
            }
        }
    }

    /// <summary>Starts a run of the campaign that earlier runs spent <paramref name="spentBefore"/> of (the archive says how
    /// much); what this account counted before is forgotten.</summary>
    public void StartRun(decimal spentBefore)
    {
        lock (_lock)
        {
            _spent = spentBefore;
        }
    }

    /// <summary>
    /// Holds <paramref name="worstCase"/> of the limit. When it does not fit only because of requests in flight, waits for
    /// them to settle (their actual cost is usually far below their worst case) and tries again; false once it cannot
    /// fit even with nothing in flight, or the spend has reached the limit.
    /// </summary>
    public async Task<bool> ReserveAsync(decimal worstCase, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task settled;
            lock (_lock)
            {
                var committed = _spent + _reserved;
                if (committed >= Limit)
                {
                    return false;
                }

                if (Price is null || committed + worstCase <= Limit)
                {
                    _reserved += worstCase;
                    return true;
                }

                if (_reserved == 0)
                {
                    return false;
                }

                settled = _settled.Task;
            }

            await settled.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives back a reservation, charges what the request cost, and wakes the requests waiting for budget.</summary>
    public void Settle(decimal worstCase, decimal cost)
    {
        TaskCompletionSource settled;
        lock (_lock)
        {
            _reserved -= worstCase;
            _spent += cost;
            settled = _settled;
            _settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        settled.TrySetResult();
    }
}
