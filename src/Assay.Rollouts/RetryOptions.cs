namespace Assay.Rollouts;

/// <summary>How <see cref="RetryingChatClient"/> retries.</summary>
public sealed record RetryOptions
{
    /// <summary>Attempts in all (first try included) for 429, 5xx, connection errors and stalls.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Attempts in all for failures of unknown kind (a garbled response, an unexpected exception).</summary>
    public int MaxUnknownAttempts { get; init; } = 2;

    /// <summary>Backoff before the second attempt; it doubles with each further attempt.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Cap on the exponential backoff.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Cap on an honoured <c>Retry-After</c>, so a service cannot park a campaign for hours.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>An attempt still unanswered after this long is abandoned and retried (the service stalled).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(3);
}
