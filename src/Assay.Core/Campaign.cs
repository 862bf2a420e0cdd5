namespace Assay.Core;

/// <summary>One run: a policy × a suite × N samples per problem × sampling settings. Resumable by id.</summary>
/// <param name="Id">Campaign id.</param>
/// <param name="Model">Policy name, e.g. <c>nano:default</c> or <c>openai:gpt-4o-mini@https://...</c>.</param>
/// <param name="Suite">Suite name or path.</param>
/// <param name="SamplesPerProblem">N.</param>
/// <param name="Settings">Sampling settings.</param>
/// <param name="CreatedAt">When the campaign was planned.</param>
/// <param name="Budget">Its spending limit and price, enforced by every run of it; null reads as <see cref="CampaignBudget.None"/>.</param>
/// <param name="Problems">Which of the suite's problems it runs; null reads as <see cref="CampaignProblems.All"/>.</param>
/// <param name="Prompt">The system message and stop sequences of its requests; null reads as <see cref="CampaignPrompt.None"/>.</param>
public sealed record Campaign(
    string Id,
    string Model,
    string Suite,
    int SamplesPerProblem,
    SamplingSettings Settings,
    DateTimeOffset CreatedAt,
    CampaignBudget? Budget = null,
    CampaignProblems? Problems = null,
    CampaignPrompt? Prompt = null)
{
    /// <summary><see cref="Budget"/>, never null.</summary>
    public CampaignBudget EffectiveBudget => Budget ?? CampaignBudget.None;

    /// <summary><see cref="Problems"/>, never null.</summary>
    public CampaignProblems EffectiveProblems => Problems ?? CampaignProblems.All;

    /// <summary><see cref="Prompt"/>, never null.</summary>
    public CampaignPrompt EffectivePrompt => Prompt ?? CampaignPrompt.None;
}
