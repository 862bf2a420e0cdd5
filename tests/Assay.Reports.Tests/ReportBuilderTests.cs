using Assay.Core;

namespace Assay.Reports.Tests;

public sealed class ReportBuilderTests
{
    private static readonly Campaign C1 = Rollouts.Campaign("c1");

    [Fact]
    public void Pass_at_k_is_the_mean_over_problems_of_the_unbiased_estimator()
    {
        // p1: 2 of 4 pass; p2: 0 of 4. pass@1 = (1/2 + 0) / 2; pass@2 for p1 = 1 - C(2,2)/C(4,2) = 5/6.
        var rollouts = Rollouts.Problem("c1", "p1", passed: 2, failed: 2).Concat(Rollouts.Problem("c1", "p2", passed: 0, failed: 4));

        var entry = Assert.Single(ReportBuilder.Build(rollouts, [C1], new ReportOptions(Ks: [1, 2, 10])).Entries);

        Assert.Equal(0.25, entry.PassAtK[0].Value!.Value, 12);
        Assert.Equal(5.0 / 12.0, entry.PassAtK[1].Value!.Value, 12);
        Assert.Equal([1, 2, 10], entry.PassAtK.Select(p => p.K));
    }

    [Fact]
    public void Pass_at_k_with_k_above_the_fewest_samples_is_not_computable()
    {
        var rollouts = Rollouts.Problem("c1", "p1", passed: 20, failed: 0).Concat(Rollouts.Problem("c1", "p2", passed: 1, failed: 6));

        var entry = Assert.Single(ReportBuilder.Build(rollouts, [C1]).Entries);

        Assert.NotNull(entry.PassAtK[0].Value);
        Assert.Null(entry.PassAtK[1].Value);
        Assert.Null(entry.PassAtK[1].Interval);
        Assert.Equal("not computable: a problem has 7 scored samples, fewer than k = 10", entry.PassAtK[1].NotComputable);
        Assert.Null(entry.PassAtK[2].Value);
    }

    [Fact]
    public void Infrastructure_failures_are_counted_but_left_out_of_n()
    {
        // 1 pass, 2 fail, 1 infrastructure failure: n = 3, pass@1 = 1/3; an ordinary error is a failed sample.
        var rollouts = Rollouts.Problem("c1", "p1", passed: 1, failed: 1, infrastructure: 1).Append(
            Rollouts.Make("c1", "p1", 9, "m", new Verdict(VerdictStatus.Error, 0, "NameError: name 'x' is not defined", Isolation.Namespaces, TimeSpan.Zero)));

        var entry = Assert.Single(ReportBuilder.Build(rollouts, [C1]).Entries);

        Assert.Equal(1.0 / 3.0, entry.PassAtK[0].Value!.Value, 12);
        Assert.Equal(4, entry.Rollouts);
        Assert.Equal(1, entry.InfrastructureFailures);
        Assert.Equal(0.25, entry.InfrastructureFailureShare);
        Assert.Equal(new ProblemSolveRate("p1", 3, 1, 1, 1.0 / 3.0), entry.ProblemsHardestFirst[0]);
    }

    [Fact]
    public void Only_the_infrastructure_status_leaves_a_rollout_out_never_its_detail()
    {
        // A candidate whose own error message reads like an infrastructure failure is still a failed sample.
        var rollouts = Rollouts.Problem("c1", "p1", passed: 1, failed: 0, infrastructure: 1).Append(
            Rollouts.Make("c1", "p1", 9, "m", new Verdict(VerdictStatus.Error, 0, "infrastructure: sandbox worker died", Isolation.Namespaces, TimeSpan.Zero)));

        var entry = Assert.Single(ReportBuilder.Build(rollouts, [C1]).Entries);

        Assert.Equal(1, entry.InfrastructureFailures);
        Assert.Equal(new ProblemSolveRate("p1", 2, 1, 1, 0.5), entry.ProblemsHardestFirst[0]);
        Assert.Equal(0.5, entry.PassAtK[0].Value!.Value, 12);
    }

    [Fact]
    public void The_isolation_levels_and_verifiers_of_the_scored_samples_are_tallied_most_first()
    {
        // 3 samples scored by today's sandbox, 2 archived before verifiers identified themselves, 1 infrastructure failure.
        var rollouts = Rollouts.Problem("c1", "p1", passed: 1, failed: 2, infrastructure: 1).Concat(Enumerable.Range(10, 2).Select(i =>
            Rollouts.Make("c1", "p1", i, "m", new Verdict(VerdictStatus.Failed, 0, "failed: AssertionError", Isolation.ProcessOnly, TimeSpan.Zero))));

        var entry = Assert.Single(ReportBuilder.Build(rollouts, [C1]).Entries);

        Assert.Equal([new VerifierTally(Isolation.Namespaces, "python-sandbox/test", 3), new VerifierTally(Isolation.ProcessOnly, "", 2)], entry.Verifiers);
    }

    [Fact]
    public void Rollouts_tokens_and_money_per_verified_solution_count_every_rollout()
    {
        // 8 rollouts (one an infrastructure failure) of 15 tokens and $0.01 each, 2 solutions.
        var rollouts = Rollouts.Problem("c1", "p1", passed: 2, failed: 5, infrastructure: 1);

        var entry = Assert.Single(ReportBuilder.Build(rollouts, [C1]).Entries);

        Assert.Equal(2, entry.VerifiedSolutions);
        Assert.Equal(120, entry.Tokens);
        Assert.Equal(0.08m, entry.Cost);
        Assert.Equal(4.0, entry.RolloutsPerSolution);
        Assert.Equal(60.0, entry.TokensPerSolution);
        Assert.Equal(0.04m, entry.CostPerSolution);
    }

    [Fact]
    public void Without_a_verified_solution_the_cost_per_solution_is_absent()
    {
        var entry = Assert.Single(ReportBuilder.Build(Rollouts.Problem("c1", "p1", passed: 0, failed: 3), [C1]).Entries);

        Assert.Null(entry.RolloutsPerSolution);
        Assert.Null(entry.TokensPerSolution);
        Assert.Null(entry.CostPerSolution);
        Assert.Equal(0.0, entry.PassAtK[0].Value);
    }

    [Fact]
    public void Problems_are_listed_hardest_first_and_unscored_problems_last()
    {
        var rollouts = Rollouts.Problem("c1", "easy", passed: 3, failed: 1)
            .Concat(Rollouts.Problem("c1", "lost", passed: 0, failed: 0, infrastructure: 2))
            .Concat(Rollouts.Problem("c1", "hard", passed: 0, failed: 4))
            .Concat(Rollouts.Problem("c1", "b-medium", passed: 2, failed: 2))
            .Concat(Rollouts.Problem("c1", "a-medium", passed: 1, failed: 1));

        var entry = Assert.Single(ReportBuilder.Build(rollouts, [C1]).Entries);

        Assert.Equal(["hard", "a-medium", "b-medium", "easy", "lost"], entry.ProblemsHardestFirst.Select(p => p.ProblemId));
        Assert.Null(entry.ProblemsHardestFirst[^1].Rate);
        Assert.Null(entry.PassAtK[0].Value); // "lost" has n = 0 < 1
    }

    [Fact]
    public void Campaigns_of_one_model_and_suite_are_pooled_and_others_kept_apart()
    {
        Campaign[] campaigns = [Rollouts.Campaign("c1"), Rollouts.Campaign("c2"), Rollouts.Campaign("c3", suite: "other"), Rollouts.Campaign("c4", model: "b")];
        var rollouts = Rollouts.Problem("c1", "p1", passed: 1, failed: 0)
            .Concat(Rollouts.Problem("c2", "p1", passed: 0, failed: 1))
            .Concat(Rollouts.Problem("c3", "p1", passed: 1, failed: 0))
            .Concat(Rollouts.Problem("c4", "p1", passed: 0, failed: 1, model: "b"));

        var entries = ReportBuilder.Build(rollouts, campaigns).Entries;

        Assert.Equal([("b", "s"), ("m", "other"), ("m", "s")], entries.Select(e => (e.Model, e.Suite)));
        var pooled = entries[2];
        Assert.Equal(["c1", "c2"], pooled.CampaignIds);
        Assert.Equal(new ProblemSolveRate("p1", 2, 1, 0, 0.5), Assert.Single(pooled.ProblemsHardestFirst));
    }

    [Fact]
    public void A_rollout_of_an_unknown_campaign_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() => ReportBuilder.Build(Rollouts.Problem("ghost", "p1", 1, 0), [C1]));

        Assert.Contains("campaign 'ghost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_archive_gives_the_same_intervals_and_another_seed_other_ones()
    {
        var rollouts = Enumerable.Range(0, 30).SelectMany(p => Rollouts.Problem("c1", $"p{p}", passed: p % 7, failed: 10 - (p % 7))).ToList();

        var first = ReportBuilder.Build(rollouts, [C1]).Entries[0].PassAtK[0].Interval;
        var again = ReportBuilder.Build(rollouts, [C1]).Entries[0].PassAtK[0].Interval;
        var reseeded = ReportBuilder.Build(rollouts, [C1], new ReportOptions(Seed: 7)).Entries[0].PassAtK[0].Interval;

        Assert.Equal(first, again);
        Assert.NotEqual(first, reseeded);
        Assert.True(first!.Lower < first.Upper);
    }
}
