using Assay.Core;

namespace Assay.Suites;

/// <summary>
/// A procedural suite: problems drawn deterministically from a seed, with a difficulty knob, each with its own
/// verifier. These are the tasks nano learns; answer formats are kept short and unambiguous.
/// </summary>
public abstract class SuiteGenerator
{
    /// <summary>The kind's name, used as suite name and in problem ids.</summary>
    public abstract string Kind { get; }

    /// <summary>One line for <c>assay suites list</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Highest supported difficulty; difficulties run from 1.</summary>
    public abstract int MaxDifficulty { get; }

    /// <summary>Draws <paramref name="count"/> problems at <paramref name="difficulty"/>; the same arguments give the same problems.</summary>
    public IReadOnlyList<Problem> Generate(int count, int difficulty, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (difficulty < 1 || difficulty > MaxDifficulty)
        {
            throw new ArgumentOutOfRangeException(nameof(difficulty), difficulty, $"{Kind}: difficulty must be between 1 and {MaxDifficulty}");
        }

        // One stream per (seed, difficulty), so adding a level never changes the problems of another.
        var random = new Random(unchecked((seed * 1_000_003) + (difficulty * 7_919) + StableHash(Kind)));
        var problems = new List<Problem>(count);
        for (var i = 0; i < count; i++)
        {
            var id = $"{Kind}/d{difficulty}/{i:D4}";
            problems.Add(Create(id, difficulty, random));
        }

        return problems;
    }

    /// <summary>Creates one problem from the shared random stream.</summary>
    protected abstract Problem Create(string id, int difficulty, Random random);

    // string.GetHashCode is randomised per process; seeds must not be.
    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
