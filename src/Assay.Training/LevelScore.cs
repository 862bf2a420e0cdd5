namespace Assay.Training;

/// <summary>pass@1 of a policy on one (suite kind, difficulty) level.</summary>
/// <param name="Kind">Generator kind.</param>
/// <param name="Difficulty">Difficulty level.</param>
/// <param name="Problems">Problems evaluated.</param>
/// <param name="Samples">Samples drawn in all.</param>
/// <param name="Passed">Samples that passed.</param>
public sealed record LevelScore(string Kind, int Difficulty, int Problems, int Samples, int Passed)
{
    /// <summary>Mean over problems of c/n, which is the unbiased pass@1.</summary>
    public double PassAt1 => Samples == 0 ? 0 : (double)Passed / Samples;
}
