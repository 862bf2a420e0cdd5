using Assay.Rollouts;
using Microsoft.Extensions.AI;

namespace Assay.Cluster;

/// <summary>
/// Keeps every worker of a cluster together under a model service's requests- and tokens-per-minute limits: the
/// cluster's counterpart of <see cref="RateLimitingChatClient"/>, in the same place of the policy pipeline, with the
/// same token estimate. A request is sent only while both its permits are good (<see cref="ClusterRateLimiter"/>); the
/// permits travel with the call (<see cref="RatePermit"/>) so that <see cref="RatePermitHandler"/>, where the request
/// leaves over HTTP, renews any that expired on the way.
/// </summary>
public sealed class ClusterRateLimitingChatClient : DelegatingChatClient
{
    private readonly ClusterRateLimiter? _requests;
    private readonly ClusterRateLimiter? _tokens;
    private readonly TimeProvider _time;

    /// <summary>Wraps <paramref name="innerClient"/>; a null limiter is no limit.</summary>
    public ClusterRateLimitingChatClient(IChatClient innerClient, ClusterRateLimiter? requests, ClusterRateLimiter? tokens, TimeProvider time)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(time);
        _requests = requests;
        _tokens = tokens;
        _time = time;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var estimate = _tokens is null ? 0 : RateLimitingChatClient.EstimateTokens(messages, options);
        var permit = new RatePermit(await LeaseAsync(estimate, cancellationToken).ConfigureAwait(false), token => LeaseAsync(estimate, token));
        RatePermit.Current = permit;
        return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Leases a request's permits, each good now; returns when the first of them expires.</summary>
    private async Task<DateTimeOffset> LeaseAsync(int estimate, CancellationToken cancellationToken)
    {
        var requestGood = DateTimeOffset.MinValue;
        var tokensGood = DateTimeOffset.MinValue;
        while (true)
        {
            var now = _time.GetUtcNow();
            if (_requests is not null && requestGood <= now)
            {
                requestGood = await _requests.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (_tokens is not null && tokensGood <= now)
            {
                tokensGood = await _tokens.AcquireAsync(estimate, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // Waiting for one permit may have outlived the other; the loop leases that one again (it is lost).
            return _requests is null ? tokensGood : _tokens is null ? requestGood : requestGood < tokensGood ? requestGood : tokensGood;
        }
    }
}
