namespace Assay.Cluster;

/// <summary>What asking the shared budget for a chunk's worst case gave (<see cref="ClusterBudget.TryReserveAsync"/>).</summary>
public enum BudgetReservation
{
    /// <summary>Reserved: the chunk may be sent.</summary>
    Reserved,

    /// <summary>It would fit once chunks in flight settle (they give back what they did not spend): ask again shortly.</summary>
    Wait,

    /// <summary>It does not fit even in what is not spent: the campaign has reached its budget.</summary>
    Exhausted,
}
