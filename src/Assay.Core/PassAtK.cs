namespace Assay.Core;

/// <summary>
/// The unbiased pass@k estimator of Chen et al. 2021 ("Evaluating Large Language Models Trained on
/// Code", eq. 1): 1 - C(n-c, k) / C(n, k), computed in the numerically stable product form
/// 1 - prod_{i=n-c+1}^{n} (1 - k / i).
/// </summary>
public static class PassAtK
{
    /// <summary>Estimates pass@k for one problem with <paramref name="n"/> samples of which
    /// <paramref name="c"/> passed. Returns null when k &gt; n: not computable.</summary>
    public static double? Estimate(int n, int c, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(c, n);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (k > n)
        {
            return null;
        }

        if (n - c < k)
        {
            return 1.0;
        }

        var product = 1.0;
        for (var i = n - c + 1; i <= n; i++)
        {
            product *= 1.0 - (double)k / i;
        }

        return 1.0 - product;
    }

    /// <summary>Mean pass@k over problems, each given as (samples, passed). Null when any problem has
    /// fewer than k samples, or there are no problems.</summary>
    public static double? Mean(IEnumerable<(int N, int C)> problems, int k)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var sum = 0.0;
        var count = 0;
        foreach (var (n, c) in problems)
        {
            var estimate = Estimate(n, c, k);
            if (estimate is null)
            {
                return null;
            }

            sum += estimate.Value;
            count++;
        }

        return count == 0 ? null : sum / count;
    }
}
