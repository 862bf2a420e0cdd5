namespace Assay.Cluster;

/// <summary>A campaign's budget as the cluster shares it (<see cref="ClusterBudget"/>).</summary>
/// <param name="Spent">What its archived rollouts cost, every run so far.</param>
/// <param name="Reserved">The worst cases reserved by the chunks in flight, by chunk index (a redelivered chunk takes over
/// the reservation its dead worker left).</param>
public sealed record BudgetLedger(decimal Spent, IReadOnlyDictionary<int, decimal> Reserved)
{
    /// <summary>Spent and reserved together: what no other chunk may use.</summary>
    public decimal Committed => Spent + Reserved.Values.Sum();
}
