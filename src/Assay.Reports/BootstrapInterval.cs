namespace Assay.Reports;

/// <summary>
/// Percentile bootstrap over problems: draw the problems with replacement, recompute the mean of their
/// per-problem estimates, repeat, and take the central <c>level</c> share of the resampled means. Problems,
/// not samples, are resampled because the problems are the draw from the population the suite stands for.
/// </summary>
public static class BootstrapInterval
{
    /// <summary>
    /// Intervals for several statistics at once, all from the same resamples: <paramref name="perProblem"/>[s][p]
    /// is statistic s's estimate for problem p. Every row must have the same number of problems (at least one).
    /// </summary>
    public static IReadOnlyList<ConfidenceInterval> Compute(IReadOnlyList<double[]> perProblem, int resamples, double level, Random random)
    {
        ArgumentNullException.ThrowIfNull(perProblem);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (level is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie strictly between 0 and 1.");
        }

        if (perProblem.Count == 0)
        {
            return [];
        }

        var problems = perProblem[0].Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(problems, 1, nameof(perProblem));
        if (perProblem.Any(row => row.Length != problems))
        {
            throw new ArgumentException("Every statistic needs one estimate per problem.", nameof(perProblem));
        }

        var means = perProblem.Select(_ => new double[resamples]).ToArray();
        var sums = new double[perProblem.Count];
        for (var b = 0; b < resamples; b++)
        {
            Array.Clear(sums);
            for (var draw = 0; draw < problems; draw++)
            {
                var p = random.Next(problems);
                for (var s = 0; s < sums.Length; s++)
                {
                    sums[s] += perProblem[s][p];
                }
            }

            for (var s = 0; s < sums.Length; s++)
            {
                means[s][b] = sums[s] / problems;
            }
        }

        // Order statistics at (1 - level) / 2 and (1 + level) / 2 of the resampled means.
        var lowerIndex = (int)Math.Floor((1 - level) / 2 * resamples);
        var upperIndex = Math.Min(resamples - 1, (int)Math.Ceiling((1 + level) / 2 * resamples) - 1);
        var intervals = new ConfidenceInterval[means.Length];
        for (var s = 0; s < means.Length; s++)
        {
            Array.Sort(means[s]);
            intervals[s] = new ConfidenceInterval(means[s][lowerIndex], means[s][upperIndex], level);
        }

        return intervals;
    }
}
