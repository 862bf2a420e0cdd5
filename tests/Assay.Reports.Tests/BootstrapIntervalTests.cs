namespace Assay.Reports.Tests;

public sealed class BootstrapIntervalTests
{
    [Fact]
    public void One_problem_gives_a_point_interval()
    {
        var interval = Assert.Single(BootstrapInterval.Compute([[0.3]], 1000, 0.95, new Random(1)));

        Assert.Equal(new ConfidenceInterval(0.3, 0.3, 0.95), interval);
    }

    [Fact]
    public void Two_problems_at_zero_and_one_span_the_whole_range()
    {
        // Resampled means are 0, 1/2, 1 with probabilities 1/4, 1/2, 1/4: both 2.5% tails reach the ends.
        var interval = Assert.Single(BootstrapInterval.Compute([[0.0, 1.0]], 1000, 0.95, new Random(1)));

        Assert.Equal(0.0, interval.Lower);
        Assert.Equal(1.0, interval.Upper);
    }

    [Fact]
    public void The_interval_narrows_as_problems_are_added()
    {
        double[] Values(int n) => [.. Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 0.0 : 1.0)];

        var few = BootstrapInterval.Compute([Values(10)], 2000, 0.95, new Random(3))[0];
        var many = BootstrapInterval.Compute([Values(1000)], 2000, 0.95, new Random(3))[0];

        // The standard error of the mean of n coin flips is 0.5 / sqrt(n): ±0.31 for 10 problems, ±0.031 for 1000.
        Assert.InRange(few.Upper - few.Lower, 0.45, 0.75);
        Assert.InRange(many.Upper - many.Lower, 0.045, 0.075);
    }

    [Fact]
    public void Rows_of_different_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => BootstrapInterval.Compute([[0.1, 0.2], [0.3]], 10, 0.95, new Random(1)));
    }
}
