using Assay.Core;

namespace Assay.Rollouts;

/// <summary>A model's price in US dollars per million tokens.</summary>
/// <param name="PromptPerMillion">Per million prompt (input) tokens.</param>
/// <param name="CompletionPerMillion">Per million completion (output) tokens.</param>
public sealed record ModelPrice(decimal PromptPerMillion, decimal CompletionPerMillion)
{
    /// <summary>Costs nothing (nano, local servers).</summary>
    public static ModelPrice Free { get; } = new(0m, 0m);

    /// <summary>The price stored with a campaign, or null when it stored none.</summary>
    public static ModelPrice? Of(CampaignBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return budget.HasPrice ? new ModelPrice(budget.PromptPerMillion!.Value, budget.CompletionPerMillion!.Value) : null;
    }

    /// <summary>cost = (prompt · PromptPerMillion + completion · CompletionPerMillion) / 10^6.</summary>
    public decimal CostOf(long promptTokens, long completionTokens) =>
        ((promptTokens * PromptPerMillion) + (completionTokens * CompletionPerMillion)) / 1_000_000m;
}
