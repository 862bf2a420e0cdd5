using Assay.Core;
using CsCheck;

namespace Assay.Reports.Tests;

/// <summary>Invariants of pass@k and of its intervals, over generated cases.</summary>
public sealed class PassAtKProperties
{
    // Rounding in the product form may move a value by a few ulps; monotonicity is checked up to that.
    private const double Ulps = 1e-12;

    private static readonly Gen<(int N, int C, int K)> Cases =
        Gen.Int[1, 300].SelectMany(n => Gen.Int[0, n].SelectMany(c => Gen.Int[1, n].Select(k => (n, c, k))));

    [Fact]
    public void Pass_at_k_lies_between_zero_and_one()
    {
        Cases.Sample(t =>
        {
            var estimate = PassAtK.Estimate(t.N, t.C, t.K)!.Value;
            Assert.InRange(estimate, 0.0, 1.0);
        });
    }

    [Fact]
    public void Pass_at_k_does_not_decrease_with_k()
    {
        Cases.Where(t => t.K < t.N).Sample(t =>
            Assert.True(PassAtK.Estimate(t.N, t.C, t.K + 1)!.Value >= PassAtK.Estimate(t.N, t.C, t.K)!.Value - Ulps));
    }

    [Fact]
    public void Pass_at_k_does_not_decrease_with_the_number_passed()
    {
        Cases.Where(t => t.C < t.N).Sample(t =>
            Assert.True(PassAtK.Estimate(t.N, t.C + 1, t.K)!.Value >= PassAtK.Estimate(t.N, t.C, t.K)!.Value - Ulps));
    }

    private static readonly Gen<(int Passed, int Failed)[]> Suites =
        Gen.Int[0, 12].SelectMany(passed => Gen.Int[0, 12].Select(failed => (passed, failed)))
            .Where(p => p.passed + p.failed > 0)
            .Array[1, 25];

    [Fact]
    public void A_report_pass_at_k_lies_in_its_bootstrap_interval_and_grows_with_k()
    {
        Suites.Sample(problems =>
        {
            var rollouts = problems.SelectMany((p, i) => Rollouts.Problem("c1", $"p{i}", p.Passed, p.Failed));
            var entry = Assert.Single(ReportBuilder.Build(rollouts, [Rollouts.Campaign("c1")], new ReportOptions(Ks: [1, 2, 5, 10], Resamples: 200)).Entries);

            double previous = 0;
            foreach (var estimate in entry.PassAtK.Where(e => e.Value is not null))
            {
                var value = estimate.Value!.Value;
                Assert.InRange(value, 0.0, 1.0);
                Assert.InRange(value, estimate.Interval!.Lower, estimate.Interval.Upper);
                Assert.True(value >= previous - Ulps);
                previous = value;
            }
        }, iter: 300);
    }

    [Fact]
    public void A_bootstrap_interval_contains_the_mean_it_resamples()
    {
        Gen.Select(Gen.Double[0, 1].Array[1, 60], Gen.Int).Sample(t =>
        {
            var (values, seed) = t;
            var interval = BootstrapInterval.Compute([values], 500, 0.95, new Random(seed))[0];
            var mean = 0.0;
            foreach (var value in values)
            {
                mean += value;
            }

            mean /= values.Length;
            Assert.True(interval.Lower <= mean + Ulps && mean <= interval.Upper + Ulps, $"{mean} outside [{interval.Lower}, {interval.Upper}]");
        }, iter: 300);
    }
}
