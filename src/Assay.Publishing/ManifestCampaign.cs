namespace Assay.Publishing;

/// <summary>A campaign that contributed rollouts to a publication.</summary>
/// <param name="Id">Campaign id.</param>
/// <param name="Model">The policy it sampled.</param>
/// <param name="Suite">The suite it ran.</param>
/// <param name="Positive">Its passed rollouts in the publication.</param>
/// <param name="Negative">Its negative rollouts in the publication's DPO pairs (0 unless DPO is written).</param>
public sealed record ManifestCampaign(string Id, string Model, string Suite, int Positive, int Negative);
