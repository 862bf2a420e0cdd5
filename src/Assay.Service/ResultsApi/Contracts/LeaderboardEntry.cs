namespace Assay.Service.ResultsApi.Contracts;

/// <summary>One model on a suite, all its visible campaigns pooled.</summary>
/// <param name="Model">The model.</param>
/// <param name="Campaigns">The campaigns pooled, in id order.</param>
/// <param name="Problems">Problems with at least one visible rollout.</param>
/// <param name="Samples">Scored rollouts (pass@k's n, summed).</param>
/// <param name="VerifiedSolutions">Rollouts that passed.</param>
/// <param name="Attempts">Every archived attempt, infrastructure failures and refused requests included.</param>
/// <param name="PassAtK">pass@k for each k asked.</param>
/// <param name="Tokens">Prompt plus completion tokens of every attempt.</param>
/// <param name="CostUsd">US dollars spent on every attempt.</param>
/// <param name="CostPerVerifiedSolutionUsd">CostUsd / VerifiedSolutions; null without a solution.</param>
public sealed record LeaderboardEntry(
    string Model,
    IReadOnlyList<string> Campaigns,
    int Problems,
    long Samples,
    long VerifiedSolutions,
    long Attempts,
    IReadOnlyList<PassAtKValue> PassAtK,
    long Tokens,
    decimal CostUsd,
    decimal? CostPerVerifiedSolutionUsd);
