using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>
/// Composes a campaign's policy around its bare client, outermost first:
/// budget → cost accounting → retries → adaptive concurrency → rate limits → logprob capture → the service.
/// The budget sits outside everything so one reservation covers a request's every attempt and is settled with the cost
/// charged inside it; retries sit outside concurrency and rate limits so that every attempt is admitted and counted, and
/// a request waiting out its backoff holds no slot; cost is charged once, for the attempt that answered.
/// </summary>
public static class PolicyPipeline
{
    /// <summary>Wraps <paramref name="bare"/> in Assay's decorators. Their state is reachable through <c>GetService</c>
    /// (<see cref="BudgetAccount"/>, <see cref="CostAccountant"/>, <see cref="AimdConcurrencyLimiter"/>).</summary>
    /// <param name="bare">The service's own client (OpenAI, Anthropic, nano); disposing the pipeline disposes it.</param>
    /// <param name="options">Budget, price, retries, concurrency, limits, logprobs.</param>
    /// <param name="time">Clock for retry waits and attempt timeouts.</param>
    /// <param name="random">Seeded source of retry jitter.</param>
    public static IChatClient Build(IChatClient bare, PolicyOptions options, TimeProvider time, Random random)
    {
        ArgumentNullException.ThrowIfNull(bare);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        var builder = new ChatClientBuilder(bare);
        if (options.MaxCost is { } maxCost)
        {
            builder.UseBudget(maxCost);
        }

        builder
            .UseCostAccounting(options.Price)
            .UseRetries(options.Retry, time, random)
            .UseAdaptiveConcurrency(options.MaxConcurrency, options.MinConcurrency)
            .UseRateLimits(options.Limits);
        if (options.TopLogprobs is { } top)
        {
            builder.UseLogprobs(top);
        }

        return builder.Build();
    }
}
