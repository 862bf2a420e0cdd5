using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>
/// Keeps a policy under its requests- and tokens-per-minute limits with two token buckets
/// (System.Threading.RateLimiting). A request's token cost is estimated before it is sent as
/// prompt characters / 4 + 1 + the completion token cap. Streaming calls are limited the same way.
/// The buckets refill on the system clock: System.Threading.RateLimiting measures elapsed time itself, even when
/// replenished by hand, so this is the one decorator a <see cref="TimeProvider"/> cannot drive.
/// </summary>
public sealed class RateLimitingChatClient : DelegatingChatClient
{
    /// <summary>Characters per token assumed when estimating a prompt's size (a common rule of thumb for English).</summary>
    public const int CharactersPerToken = 4;

    private readonly TokenBucketRateLimiter? _requests;
    private readonly TokenBucketRateLimiter? _tokens;
    private readonly int _requestBucketSize;
    private readonly int _tokenBucketSize;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    public RateLimitingChatClient(IChatClient innerClient, RateLimits limits)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.RequestsPerMinute is { } rpm)
        {
            (_requests, _requestBucketSize) = CreateBucket(rpm);
        }

        if (limits.TokensPerMinute is { } tpm)
        {
            (_tokens, _tokenBucketSize) = CreateBucket(tpm);
        }
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await AdmitAsync(messages, options, cancellationToken).ConfigureAwait(false);
        return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await AdmitAsync(messages, options, cancellationToken).ConfigureAwait(false);
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    /// <summary>Tokens a request is charged before it is sent.</summary>
    public static int EstimateTokens(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        long characters = 0;
        foreach (var message in messages)
        {
            characters += message.Text.Length;
        }

        var estimate = (characters / CharactersPerToken) + 1 + (options?.MaxOutputTokens ?? 0);
        return (int)Math.Min(estimate, int.MaxValue);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _requests?.Dispose();
            _tokens?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Waits until both buckets admit the request. A token bucket's permits are spent when acquired (disposing the
    /// lease gives none back), so the leases are released at once.</summary>
    private async Task AdmitAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (_requests is not null)
        {
            (await AcquireAsync(_requests, _requestBucketSize, 1, cancellationToken).ConfigureAwait(false)).Dispose();
        }

        if (_tokens is not null)
        {
            (await AcquireAsync(_tokens, _tokenBucketSize, EstimateTokens(messages, options), cancellationToken).ConfigureAwait(false)).Dispose();
        }
    }

    private static async ValueTask<RateLimitLease> AcquireAsync(TokenBucketRateLimiter bucket, int bucketSize, int permits, CancellationToken cancellationToken)
    {
        // A request bigger than the bucket would never be admitted; charge it the whole bucket instead.
        var lease = await bucket.AcquireAsync(Math.Min(permits, bucketSize), cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new InvalidOperationException("rate limiter queue is full");
        }

        return lease;
    }

    private static (TokenBucketRateLimiter Bucket, int Size) CreateBucket(int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);

        // Refill every second (or every 60/perMinute s for rates below one per second); allow a burst of
        // one refill period's worth, so the rate over any minute stays at perMinute.
        var perPeriod = Math.Max(1, perMinute / 60);
        var period = TimeSpan.FromMinutes(1) * perPeriod / perMinute;
        var bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perPeriod,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = period,
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        return (bucket, perPeriod);
    }
}
