namespace Assay.Cluster.Tests;

/// <summary>The shared budget's ledger in a real nats-server's key-value bucket.</summary>
public sealed class ClusterBudgetTests
{
    [Fact]
    public async Task A_chunk_waits_for_reservations_in_flight_takes_over_its_own_after_a_redelivery_and_is_refused_only_past_what_is_spent()
    {
        await using var nats = await TemporaryNatsServer.StartAsync();
        await using var cluster = await ClusterConnection.OpenAsync(nats.Url, "test", new ClusterOptions(), CancellationToken.None);
        var budget = new ClusterBudget(cluster.Campaigns, "c1");
        await budget.StartAsync(0.05m, CancellationToken.None);
        const decimal Limit = 1.00m;

        Assert.Equal(BudgetReservation.Reserved, await budget.TryReserveAsync(0, 0.60m, Limit, CancellationToken.None));

        // Chunk 1 fits in what is not spent, not beside chunk 0's reservation: it waits, and nothing is reserved for it.
        Assert.Equal(BudgetReservation.Wait, await budget.TryReserveAsync(1, 0.50m, Limit, CancellationToken.None));
        Assert.Equal(0.65m, (await budget.ReadAsync(CancellationToken.None)).Committed);

        // Chunk 0 redelivered (its worker died holding the reservation): the new worker's reservation replaces it.
        Assert.Equal(BudgetReservation.Reserved, await budget.TryReserveAsync(0, 0.60m, Limit, CancellationToken.None));
        Assert.Equal(0.65m, (await budget.ReadAsync(CancellationToken.None)).Committed);

        // Chunk 0 settles, having spent 0.10 of its 0.60: chunk 1 now fits.
        await budget.SettleAsync(0, 0.10m, CancellationToken.None);
        Assert.Equal(BudgetReservation.Reserved, await budget.TryReserveAsync(1, 0.50m, Limit, CancellationToken.None));

        // A chunk whose worst case passes the limit even with nothing reserved: the budget is reached.
        Assert.Equal(BudgetReservation.Exhausted, await budget.TryReserveAsync(2, 0.90m, Limit, CancellationToken.None));
        var ledger = await budget.ReadAsync(CancellationToken.None);
        Assert.Equal(0.15m, ledger.Spent);
        Assert.Equal(new Dictionary<int, decimal> { [1] = 0.50m }, ledger.Reserved);
    }
}
