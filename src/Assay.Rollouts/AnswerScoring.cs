using Assay.Core;
using Assay.Verification;

namespace Assay.Rollouts;

/// <summary>How a completion becomes a verdict: the one path that both a campaign and <see cref="Reverification"/> take,
/// so a re-score differs from the archived verdict only where the verifier does.</summary>
internal static class AnswerScoring
{
    /// <summary>Extracts the answer from <paramref name="completion"/> and verifies it. An exception from the verifier is
    /// the verifier's failure, never the candidate's: it becomes a <see cref="VerdictStatus.Infrastructure"/> verdict.</summary>
    public static async Task<Verdict> ScoreAsync(IVerifier verifier, Problem problem, string completion, CancellationToken cancellationToken)
    {
        try
        {
            var answer = AnswerExtractor.Extract(problem, completion);
            return await verifier.VerifyAsync(problem, answer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new Verdict(VerdictStatus.Infrastructure, 0, $"verifier: {ex.Message}", Isolation.NotApplicable, TimeSpan.Zero);
        }
    }
}
