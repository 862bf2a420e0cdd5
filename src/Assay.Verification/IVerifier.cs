using Assay.Core;

namespace Assay.Verification;

/// <summary>Scores one answer to one problem. Implementations: exact answer, the Python sandbox, and a router over both.</summary>
public interface IVerifier
{
    /// <summary>Verifies <paramref name="completion"/> as an answer to <paramref name="problem"/>.
    /// A candidate's misbehaviour is a verdict, never an exception; exceptions mean the verifier itself failed.</summary>
    ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken = default);
}
