namespace Assay.Publishing;

/// <summary>
/// <c>manifest.json</c>: what a publication holds and where it came from, so a reader can check every file (SHA-256)
/// and every verdict's verifier.
/// </summary>
/// <param name="FormatVersion">1 for the formats the README documents.</param>
/// <param name="CreatedAt">When the publication was written.</param>
/// <param name="AsOf">The date it was made for.</param>
/// <param name="EmbargoDays">The embargo, in days.</param>
/// <param name="Cutoff">Rollouts scored at or before this instant are included.</param>
/// <param name="Licence">The licence granted.</param>
/// <param name="IncludesNegatives">True when a file holds negative rollouts (DPO): then not for the public.</param>
/// <param name="Positive">Passed rollouts published.</param>
/// <param name="SkippedWithoutPrompt">Passed rollouts left out because neither their request nor their problem holds the prompt.</param>
/// <param name="Files">The files, with record counts and hashes.</param>
/// <param name="Campaigns">The source campaigns.</param>
/// <param name="Models">The source models.</param>
/// <param name="Verifiers">The verifier identities of every published verdict.</param>
public sealed record DatasetManifest(
    int FormatVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset AsOf,
    double EmbargoDays,
    DateTimeOffset Cutoff,
    string Licence,
    bool IncludesNegatives,
    int Positive,
    int SkippedWithoutPrompt,
    IReadOnlyList<ManifestFile> Files,
    IReadOnlyList<ManifestCampaign> Campaigns,
    IReadOnlyList<string> Models,
    IReadOnlyList<ManifestVerifier> Verifiers);
