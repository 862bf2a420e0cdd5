using Assay.Core;

namespace Assay.Rollouts;

/// <summary>How a policy's decorators behave (<see cref="PolicyPipeline"/>); every default of a campaign's policy is here.</summary>
public sealed record PolicyOptions
{
    /// <summary>Retry behaviour.</summary>
    public RetryOptions Retry { get; init; } = new();

    /// <summary>Requests- and tokens-per-minute limits.</summary>
    public RateLimits Limits { get; init; } = RateLimits.None;

    /// <summary>Most requests in flight; the adaptive limit starts here and never exceeds it (<c>--concurrency</c>). A
    /// campaign works on this many rollouts at once unless told otherwise (<see cref="CampaignRunOptions.Workers"/>).</summary>
    public int MaxConcurrency { get; init; } = 16;

    /// <summary>Fewest requests in flight the adaptive limit may fall to.</summary>
    public int MinConcurrency { get; init; } = 1;

    /// <summary>Price of the model's tokens.</summary>
    public ModelPrice Price { get; init; } = ModelPrice.Free;

    /// <summary>The most the campaign may spend, US dollars, all its runs together; null for no limit.</summary>
    public decimal? MaxCost { get; init; }

    /// <summary>When set, ask for per-token logprobs with this many alternatives per position.</summary>
    public int? TopLogprobs { get; init; }

    /// <summary>The options a campaign decides: its price and spending limit (<see cref="Campaign.Budget"/>) and its
    /// logprobs; the rest at their defaults.</summary>
    public static PolicyOptions For(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var budget = campaign.EffectiveBudget;
        return new PolicyOptions
        {
            Price = ModelPrice.Of(budget) ?? ModelPrice.Free,
            MaxCost = budget.MaxCost,
            TopLogprobs = campaign.Settings.TopLogprobs,
        };
    }
}
