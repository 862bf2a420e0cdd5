namespace Assay.Rollouts;

/// <summary>A service's published limits; null means unlimited.</summary>
/// <param name="RequestsPerMinute">Requests per minute.</param>
/// <param name="TokensPerMinute">Prompt plus completion tokens per minute.</param>
public sealed record RateLimits(int? RequestsPerMinute = null, int? TokensPerMinute = null)
{
    /// <summary>No limits.</summary>
    public static RateLimits None { get; } = new();
}
