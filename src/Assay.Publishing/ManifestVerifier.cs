namespace Assay.Publishing;

/// <summary>A verifier identity and how many of the publication's verdicts it gave.</summary>
/// <param name="Identity">The verdict's verifier identity (<c>unknown</c> for verdicts archived before verifiers named themselves).</param>
/// <param name="Verdicts">Verdicts it gave among the published rollouts.</param>
public sealed record ManifestVerifier(string Identity, int Verdicts);
