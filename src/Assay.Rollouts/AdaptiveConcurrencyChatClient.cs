using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>
/// Holds each attempt, streaming or not, to the limit of an <see cref="AimdConcurrencyLimiter"/> (reachable through
/// <c>GetService</c>) and feeds it the outcome; a stream holds its slot until it ends. Sits inside
/// <see cref="RetryingChatClient"/> so that it sees every 429 and a request waiting out its backoff holds no slot.
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
        catch (Exception ex) when (IsOverload(ex))
        {
            outcome = ConcurrencyOutcome.Overloaded;
            throw;
        }
        finally
        {
            _limiter.Release(ticket, outcome);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var ticket = await _limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        var outcome = ConcurrencyOutcome.Neutral;
        try
        {
            var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (updates.ConfigureAwait(false))
            {
                while (true)
                {
                    try
                    {
                        if (!await updates.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch (Exception ex) when (IsOverload(ex))
                    {
                        outcome = ConcurrencyOutcome.Overloaded;
                        throw;
                    }

                    yield return updates.Current;
                }
            }

            outcome = ConcurrencyOutcome.Success;
        }
        finally
        {
            _limiter.Release(ticket, outcome);
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(AimdConcurrencyLimiter) ? _limiter : base.GetService(serviceType, serviceKey);

    private static bool IsOverload(Exception exception) => RequestFailure.Classify(exception).Kind == FailureKind.RateLimited;
}
