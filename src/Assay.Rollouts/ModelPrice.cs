namespace Assay.Rollouts;

/// <summary>A model's price in US dollars per million tokens.</summary>
/// <param name="PromptPerMillion">Per million prompt (input) tokens.</param>
/// <param name="CompletionPerMillion">Per million completion (output) tokens.</param>
public sealed record ModelPrice(decimal PromptPerMillion, decimal CompletionPerMillion)
{
    /// <summary>Costs nothing (nano, local servers).</summary>
    public static ModelPrice Free { get; } = new(0m, 0m);

    /// <summary>cost = (prompt · PromptPerMillion + completion · CompletionPerMillion) / 10^6.</summary>
    public decimal CostOf(long promptTokens, long completionTokens) =>
        ((promptTokens * PromptPerMillion) + (completionTokens * CompletionPerMillion)) / 1_000_000m;
}
