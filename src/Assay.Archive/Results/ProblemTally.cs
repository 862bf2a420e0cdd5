namespace Assay.Archive.Results;

/// <summary>What a caller may see of one problem in one campaign, counted, not read row by row.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Model">The campaign's model.</param>
/// <param name="Suite">The campaign's suite.</param>
/// <param name="CampaignCreatedAt">When the campaign started (progress over time is by this date).</param>
/// <param name="ProblemId">The problem.</param>
/// <param name="Attempts">Every archived attempt, infrastructure failures and refused requests included.</param>
/// <param name="Samples">Scored rollouts (neither infrastructure failures nor refused): pass@k's n.</param>
/// <param name="Passed">Rollouts that passed: pass@k's c.</param>
/// <param name="Tokens">Prompt plus completion tokens of every attempt.</param>
/// <param name="Cost">US dollars spent on every attempt.</param>
public sealed record ProblemTally(
    string CampaignId,
    string Model,
    string Suite,
    DateTimeOffset CampaignCreatedAt,
    string ProblemId,
    long Attempts,
    long Samples,
    long Passed,
    long Tokens,
    decimal Cost);
