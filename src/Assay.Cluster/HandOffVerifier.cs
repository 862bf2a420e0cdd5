using Assay.Core;
using Assay.Verification;

namespace Assay.Cluster;

/// <summary>The verifier of a generate worker: scores nothing, and marks every extracted answer <see cref="Pending"/>, so
/// that <see cref="VerificationHandOff"/> hands the rollout to a verify worker instead of archiving it. (An answer whose
/// extraction failed, or a request the service failed, has its verdict already and is archived at once.)</summary>
internal sealed class HandOffVerifier : IVerifier
{
    /// <summary>The mark, recognised by reference. Should it ever reach the archive, it reads as what it is, a rollout
    /// nobody verified: an infrastructure failure, asked again by a resume.</summary>
    public static Verdict Pending { get; } = new(VerdictStatus.Infrastructure, 0, "verifier: not verified (handed to a verify worker)", Isolation.NotApplicable, TimeSpan.Zero);

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Pending);
}
