using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>
/// Assay's decorators as <see cref="ChatClientBuilder"/> steps, in Microsoft.Extensions.AI's manner
/// (<c>.UseOpenTelemetry()</c>, <c>.UseFunctionInvocation()</c>). Each covers both call paths, and each keeps its state
/// where <c>GetService</c> finds it: <see cref="BudgetAccount"/>, <see cref="CostAccountant"/>,
/// <see cref="AimdConcurrencyLimiter"/>. <see cref="PolicyPipeline"/> composes them in the order a campaign needs.
/// </summary>
public static class PolicyBuilderExtensions
{
    /// <summary>Sends a request only when its worst case fits in what <paramref name="maxCost"/> leaves
    /// (<see cref="BudgetChatClient"/>); worst cases are reckoned at the price of the <see cref="CostAccountant"/> inside it,
    /// if any.</summary>
    public static ChatClientBuilder UseBudget(this ChatClientBuilder builder, decimal maxCost)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new BudgetChatClient(inner, new BudgetAccount(maxCost, inner.GetService<CostAccountant>()?.Price)));
    }

    /// <summary>Prices every answered request at <paramref name="price"/> (<see cref="CostAccountingChatClient"/>).</summary>
    public static ChatClientBuilder UseCostAccounting(this ChatClientBuilder builder, ModelPrice price)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(price);
        return builder.Use(inner => new CostAccountingChatClient(inner, price));
    }

    /// <summary>Retries what a service may answer later (<see cref="RetryingChatClient"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Attempts and delays; null for <see cref="RetryOptions"/>' defaults.</param>
    /// <param name="time">Clock for waits and attempt timeouts; null for the system's.</param>
    /// <param name="random">Seeded source of jitter; null for a shared one.</param>
    public static ChatClientBuilder UseRetries(this ChatClientBuilder builder, RetryOptions? options = null, TimeProvider? time = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new RetryingChatClient(inner, options ?? new RetryOptions(), time ?? TimeProvider.System, random ?? Random.Shared));
    }

    /// <summary>Holds requests in flight to an adaptive limit between <paramref name="minimum"/> and
    /// <paramref name="maximum"/>, starting at the maximum (<see cref="AdaptiveConcurrencyChatClient"/>).</summary>
    public static ChatClientBuilder UseAdaptiveConcurrency(this ChatClientBuilder builder, int maximum, int minimum = 1)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var limiter = new AimdConcurrencyLimiter(minimum, maximum, maximum);
        return builder.Use(inner => new AdaptiveConcurrencyChatClient(inner, limiter));
    }

    /// <summary>Keeps requests under a service's published limits (<see cref="RateLimitingChatClient"/>); no step is added
    /// when <paramref name="limits"/> sets none.</summary>
    public static ChatClientBuilder UseRateLimits(this ChatClientBuilder builder, RateLimits limits)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(limits);
        return limits.RequestsPerMinute is null && limits.TokensPerMinute is null
            ? builder
            : builder.Use(inner => new RateLimitingChatClient(inner, limits));
    }

    /// <summary>Asks for per-token logprobs with <paramref name="topLogprobs"/> alternatives and records them
    /// (<see cref="LogprobCapturingChatClient"/>).</summary>
    public static ChatClientBuilder UseLogprobs(this ChatClientBuilder builder, int topLogprobs)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new LogprobCapturingChatClient(inner, topLogprobs));
    }
}
