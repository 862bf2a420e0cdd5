namespace Assay.Core;

/// <summary>
/// pass@1 on a held-out split: the mean over problems of cᵢ/n, with a 95% confidence interval over problems
/// (mean ± 1.96·s/√m, s the standard deviation of the per-problem rates, clamped to [0, 1]).
/// </summary>
/// <param name="Problems">Held-out problems (m).</param>
/// <param name="SamplesPerProblem">Samples per problem (n).</param>
/// <param name="PassAt1">Mean of cᵢ/n.</param>
/// <param name="Low">Lower end of the interval.</param>
/// <param name="High">Upper end of the interval.</param>
public sealed record HeldOutScore(int Problems, int SamplesPerProblem, double PassAt1, double Low, double High)
{
    /// <summary>The score of per-problem pass counts out of <paramref name="samplesPerProblem"/> each.</summary>
    public static HeldOutScore FromCounts(IReadOnlyList<int> passed, int samplesPerProblem)
    {
        ArgumentNullException.ThrowIfNull(passed);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerProblem);
        int m = passed.Count;
        if (m == 0)
            return new HeldOutScore(0, samplesPerProblem, 0, 0, 0);
        var rates = passed.Select(c => (double)c / samplesPerProblem).ToArray();
        double mean = rates.Average();
        double s = m > 1 ? Math.Sqrt(rates.Sum(r => (r - mean) * (r - mean)) / (m - 1)) : 0;
        double half = 1.96 * s / Math.Sqrt(m);
        return new HeldOutScore(m, samplesPerProblem, mean, Math.Max(0, mean - half), Math.Min(1, mean + half));
    }
}
