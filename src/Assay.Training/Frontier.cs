namespace Assay.Training;

/// <summary>
/// The "frontier" of a policy on one generator kind: the lowest difficulty whose pass@1 is small but not zero
/// (at most <see cref="MaxPassAt1"/>) while every easier level is mostly solved (at least <see cref="MinSolved"/>).
/// It is where reinforcement learning has something to learn from: rare successes.
/// </summary>
public static class Frontier
{
    /// <summary>Highest pass@1 that still counts as "small".</summary>
    public const double MaxPassAt1 = 0.20;

    /// <summary>Lowest pass@1 of every easier level.</summary>
    public const double MinSolved = 0.50;

    /// <summary>The frontier level of each kind that has one.</summary>
    public static IReadOnlyList<LevelScore> Find(IEnumerable<LevelScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var frontier = new List<LevelScore>();
        foreach (var kind in scores.GroupBy(s => s.Kind, StringComparer.Ordinal))
        {
            foreach (var level in kind.OrderBy(s => s.Difficulty))
            {
                if (level.PassAt1 is > 0 and <= MaxPassAt1)
                {
                    frontier.Add(level);
                    break;
                }

                if (level.PassAt1 < MinSolved)
                {
                    break;
                }
            }
        }

        return frontier;
    }
}
