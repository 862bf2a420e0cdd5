using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>
/// Holds each attempt to the limit of an <see cref="AimdConcurrencyLimiter"/> and feeds it the outcome. Sits inside
/// <see cref="RetryingChatClient"/> so that it sees every 429 and a request waiting out its backoff holds no slot.
/// Streaming calls pass through unlimited.
/// </summary>
public sealed class AdaptiveConcurrencyChatClient : DelegatingChatClient
{
    private readonly AimdConcurrencyLimiter _limiter;

    /// <summary>Wraps <paramref name="innerClient"/> with <paramref name="limiter"/>.</summary>
    public AdaptiveConcurrencyChatClient(IChatClient innerClient, AimdConcurrencyLimiter limiter)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        _limiter = limiter;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var ticket = await _limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        var outcome = ConcurrencyOutcome.Neutral;
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            outcome = ConcurrencyOutcome.Success;
            return response;
        }
        catch (Exception ex) when (RequestFailure.Classify(ex).Kind == FailureKind.RateLimited)
        {
            outcome = ConcurrencyOutcome.Overloaded;
            throw;
        }
        finally
        {
            _limiter.Release(ticket, outcome);
        }
    }
}
