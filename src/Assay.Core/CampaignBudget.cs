namespace Assay.Core;

/// <summary>What a campaign may spend, stored with it so that a resumed run enforces the same limit at the same price.</summary>
/// <param name="MaxCost">The most the whole campaign (every run of it) may spend, in US dollars; null for no limit.</param>
/// <param name="PromptPerMillion">The policy's price per million prompt tokens; null when no price was known.</param>
/// <param name="CompletionPerMillion">The policy's price per million completion tokens; null when no price was known.</param>
public sealed record CampaignBudget(decimal? MaxCost, decimal? PromptPerMillion, decimal? CompletionPerMillion)
{
    /// <summary>No limit and no known price.</summary>
    public static CampaignBudget None { get; } = new(null, null, null);

    /// <summary>True when both prices are known.</summary>
    public bool HasPrice => PromptPerMillion is not null && CompletionPerMillion is not null;
}
