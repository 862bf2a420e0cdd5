namespace Assay.Nano;

/// <summary>
/// GRPO's outcome advantages (Shao et al. 2024, "DeepSeekMath", §4.1.2): every sample of one problem's group gets
/// Âᵢ = (rᵢ − mean(r)) / std(r), the group standing in for a learned value baseline. std is the population standard
/// deviation of the group; a group whose rewards are all equal (all solved, or none) carries no signal and gets 0.
/// </summary>
public static class GroupAdvantages
{
    /// <summary>Below this std the group counts as uniform (rewards are 0/1, so any real spread is far above it).</summary>
    public const double UniformBelow = 1e-9;

    /// <summary>The normalised advantage of each reward, in order.</summary>
    public static double[] Normalise(IReadOnlyList<double> rewards)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        var advantages = new double[rewards.Count];
        if (rewards.Count == 0)
            return advantages;
        double mean = rewards.Average();
        double variance = rewards.Sum(r => (r - mean) * (r - mean)) / rewards.Count;
        double std = Math.Sqrt(variance);
        if (std < UniformBelow)
            return advantages;
        for (int i = 0; i < advantages.Length; i++)
            advantages[i] = (rewards[i] - mean) / std;
        return advantages;
    }
}
