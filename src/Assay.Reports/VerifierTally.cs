using Assay.Core;

namespace Assay.Reports;

/// <summary>How many scored samples of a report entry carry one isolation level and one verifier identity: what a reader
/// checks before trusting the entry's pass@k (a sandbox without namespaces, or a verifier since changed).</summary>
/// <param name="Isolation">How the candidates were isolated (<see cref="Verdict.Isolation"/>).</param>
/// <param name="Verifier">Which verifier scored them (<see cref="Verdict.Verifier"/>); empty when unknown, as in
/// verdicts archived before verifiers identified themselves.</param>
/// <param name="Samples">Scored samples (infrastructure failures excluded) with this pair.</param>
public sealed record VerifierTally(Isolation Isolation, string Verifier, int Samples);
