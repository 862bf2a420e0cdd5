namespace Assay.Publishing;

/// <summary>A passed and a failed answer to the same prompt of the same problem.</summary>
/// <param name="Chosen">The rollout the verifier passed.</param>
/// <param name="Rejected">A rollout the verifier failed (failed, error, timeout or invalid: the model's fault).</param>
public sealed record DpoPair(PublishedRollout Chosen, PublishedRollout Rejected);
