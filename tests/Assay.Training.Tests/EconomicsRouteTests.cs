using Assay.Core;

namespace Assay.Training.Tests;

public sealed class EconomicsRouteTests
{
    private static LedgerEntry Round(int round, double passAt1, double flops, double teacher = 0) => new(
        "run", round, "sft", $"/r{round}", null, 1000, 0, 0, 0, flops, teacher, 0, 0, 0, 0, 0m, new HeldOutScore(10, 4, passAt1, 0, 1));

    [Fact]
    public void Compute_to_a_target_is_the_cumulative_flops_at_the_first_round_that_reaches_it()
    {
        var route = new EconomicsRoute("sft", [Round(0, 0.05, 0), Round(1, 0.08, 10, teacher: 5), Round(2, 0.12, 20), Round(3, 0.11, 20)]);

        Assert.Equal([0, 15, 35, 55], route.CumulativeFlops);
        Assert.Equal(35, route.FlopsToReach(0.12));
        Assert.Equal(15, route.FlopsToReach(0.06));
        Assert.Null(route.FlopsToReach(0.2));
        Assert.Equal(5, route.TeacherFlops);
        Assert.Equal(0.11, route.FinalPassAt1);
    }

    [Fact]
    public void The_leader_plateaus_when_its_last_rounds_do_not_beat_its_earlier_best_by_the_margin()
    {
        var settings = new EconomicsSettings(Seed: 1, Plateau: 0.01, Patience: 2);
        IReadOnlyList<LedgerEntry> Ledger(params double[] passes) => [.. passes.Select((p, i) => Round(i, p, 1))];

        Assert.False(EconomicsRun.Plateaued(Ledger(0.05, 0.08, 0.09), settings));        // too few rounds to judge
        Assert.False(EconomicsRun.Plateaued(Ledger(0.05, 0.08, 0.09, 0.10), settings));  // still rising by more than 1 point
        Assert.True(EconomicsRun.Plateaued(Ledger(0.05, 0.12, 0.11, 0.125), settings));  // 0.5 points over the best: flat
        Assert.True(EconomicsRun.Plateaued(Ledger(0.05, 0.12, 0.10, 0.09), settings));
    }
}
