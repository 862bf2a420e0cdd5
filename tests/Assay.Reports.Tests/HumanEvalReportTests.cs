namespace Assay.Reports.Tests;

public sealed class HumanEvalReportTests
{
    [Fact]
    public void Real_codegen_samples_give_the_reference_harness_pass_at_k()
    {
        var rollouts = HumanEvalRollouts.Load("codet", "codegen-16b-mono");

        var entry = Assert.Single(ReportBuilder.Build(rollouts, [Rollouts.Campaign("codet", "codegen-16b-mono", "humaneval")]).Entries);

        Assert.Equal(164, entry.Problems);
        Assert.Equal(16_400, entry.Rollouts);
        Assert.Equal(HumanEvalRollouts.ReferencePassed, entry.VerifiedSolutions);
        foreach (var (k, expected) in HumanEvalRollouts.Reference)
        {
            var estimate = Assert.Single(entry.PassAtK, p => p.K == k);
            Assert.Equal(expected, estimate.Value!.Value, 0.00005); // the README gives four decimals
            Assert.InRange(estimate.Value.Value, estimate.Interval!.Lower, estimate.Interval.Upper);
            // 164 problems: the interval is a few points wide, not a fraction of a point and not tens of points.
            Assert.InRange(estimate.Interval.Upper - estimate.Interval.Lower, 0.02, 0.25);
        }

        Assert.Equal(0.0, entry.ProblemsHardestFirst[0].Rate);
        Assert.Equal(entry.ProblemsHardestFirst.Max(p => p.Rate), entry.ProblemsHardestFirst[^1].Rate);
    }
}
