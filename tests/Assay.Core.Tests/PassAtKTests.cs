namespace Assay.Core.Tests;

public sealed class PassAtKTests
{
    [Fact]
    public void All_samples_passing_gives_one()
    {
        Assert.Equal(1.0, PassAtK.Estimate(10, 10, 1));
    }

    [Fact]
    public void No_sample_passing_gives_zero()
    {
        Assert.Equal(0.0, PassAtK.Estimate(100, 0, 10));
    }

    [Fact]
    public void Pass_at_one_is_the_pass_rate()
    {
        Assert.Equal(0.37, PassAtK.Estimate(100, 37, 1)!.Value, 12);
    }

    [Fact]
    public void Matches_the_binomial_formula()
    {
        // 1 - C(7,3)/C(10,3) = 1 - 35/120
        Assert.Equal(1 - 35.0 / 120.0, PassAtK.Estimate(10, 3, 3)!.Value, 12);
    }

    [Fact]
    public void K_larger_than_n_is_not_computable()
    {
        Assert.Null(PassAtK.Estimate(5, 2, 10));
        Assert.Null(PassAtK.Mean([(100, 3), (5, 1)], 10));
    }
}
