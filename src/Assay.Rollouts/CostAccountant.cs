using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>The state of <see cref="CostAccountingChatClient"/> (reach it with <c>GetService&lt;CostAccountant&gt;()</c>): the
/// price it charges and what every answered request has cost so far.</summary>
public sealed class CostAccountant
{
    private readonly Lock _lock = new();
    private decimal _total;

    /// <summary>Creates an accountant charging <paramref name="price"/>.</summary>
    public CostAccountant(ModelPrice price)
    {
        ArgumentNullException.ThrowIfNull(price);
        Price = price;
    }

    /// <summary>The price charged.</summary>
    public ModelPrice Price { get; }

    /// <summary>US dollars charged so far, over both call paths.</summary>
    public decimal Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>Prices <paramref name="usage"/> (none: nothing), adds it to <see cref="Total"/> and returns it.</summary>
    public decimal Charge(UsageDetails? usage)
    {
        var cost = Price.CostOf(usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0);
        lock (_lock)
        {
            _total += cost;
        }

        return cost;
    }
}
