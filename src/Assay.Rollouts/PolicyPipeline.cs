using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>
/// Composes a policy's behaviour around its bare client, outermost first:
/// cost accounting → retries → adaptive concurrency → rate limits → logprob capture → the service.
/// Retries sit outside concurrency and rate limits so that every attempt is admitted and counted, and a request
/// waiting out its backoff holds no slot; cost is charged once, for the attempt that answered.
/// </summary>
public static class PolicyPipeline
{
    /// <summary>Wraps <paramref name="bare"/> in Assay's decorators.</summary>
    /// <param name="bare">The service's own client (OpenAI, Anthropic, nano).</param>
    /// <param name="options">Retry, limits, concurrency, price, logprobs.</param>
    /// <param name="limiter">The concurrency limiter; the caller keeps it to watch its limit.</param>
    /// <param name="time">Clock for retry waits and attempt timeouts.</param>
    /// <param name="random">Seeded source of retry jitter.</param>
    public static IChatClient Build(IChatClient bare, PolicyOptions options, AimdConcurrencyLimiter limiter, TimeProvider time, Random random)
    {
        ArgumentNullException.ThrowIfNull(bare);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        var builder = new ChatClientBuilder(bare)
            .Use(inner => new CostAccountingChatClient(inner, options.Price))
            .Use(inner => new RetryingChatClient(inner, options.Retry, time, random))
            .Use(inner => new AdaptiveConcurrencyChatClient(inner, limiter));
        if (options.Limits.RequestsPerMinute is not null || options.Limits.TokensPerMinute is not null)
        {
            builder.Use(inner => new RateLimitingChatClient(inner, options.Limits));
        }

        if (options.TopLogprobs is { } top)
        {
            builder.Use(inner => new LogprobCapturingChatClient(inner, top));
        }

        return builder.Build();
    }

    /// <summary>A limiter bounded by <paramref name="options"/>, starting at the maximum.</summary>
    public static AimdConcurrencyLimiter CreateLimiter(PolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AimdConcurrencyLimiter(options.MinConcurrency, options.MaxConcurrency, options.MaxConcurrency);
    }
}
