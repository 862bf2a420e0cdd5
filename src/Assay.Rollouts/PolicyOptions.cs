namespace Assay.Rollouts;

/// <summary>How a policy's decorators behave; see <see cref="PolicyPipeline"/>.</summary>
public sealed record PolicyOptions
{
    /// <summary>Retry behaviour.</summary>
    public RetryOptions Retry { get; init; } = new();

    /// <summary>Requests- and tokens-per-minute limits.</summary>
    public RateLimits Limits { get; init; } = RateLimits.None;

    /// <summary>Most requests in flight; the adaptive limit starts here and never exceeds it.</summary>
    public int MaxConcurrency { get; init; } = 64;

    /// <summary>Fewest requests in flight the adaptive limit may fall to.</summary>
    public int MinConcurrency { get; init; } = 1;

    /// <summary>Price of the model's tokens.</summary>
    public ModelPrice Price { get; init; } = ModelPrice.Free;

    /// <summary>When set, ask for per-token logprobs with this many alternatives per position.</summary>
    public int? TopLogprobs { get; init; }
}
