using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>
/// The one retry layer of a policy (the SDKs' own retries are off). Retries 429, 5xx, connection errors and
/// stalled attempts up to <see cref="RetryOptions.MaxAttempts"/>, unknown failures up to
/// <see cref="RetryOptions.MaxUnknownAttempts"/>, and never a request the service rejected as malformed or
/// unauthorised. Waits honour <c>Retry-After</c>; otherwise exponential backoff with "equal jitter":
/// d = min(max, base·2^(attempt−1)), wait = d/2 + U(0, d/2). Streaming calls are retried until their first update.
/// </summary>
public sealed class RetryingChatClient : DelegatingChatClient
{
    private readonly RetryOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Lock _randomLock = new();

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The client to retry.</param>
    /// <param name="options">Attempt counts, delays and the attempt timeout.</param>
    /// <param name="time">Clock for waits and timeouts.</param>
    /// <param name="random">Seeded source of jitter.</param>
    public RetryingChatClient(IChatClient innerClient, RetryOptions options, TimeProvider time, Random random)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        _options = options;
        _time = time;
        _random = random;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        for (var attempt = 1; ; attempt++)
        {
            Exception error;
            using (var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    return await base.GetResponseAsync(messages, options, linked.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    error = Timed(ex, timeout);
                }
            }

            await WaitOrThrowAsync(error, attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Streaming: an attempt that fails before its first update is retried as above; once an update has been handed on,
    /// a failure cannot be retried without repeating text, so it ends the stream as a <see cref="PolicyRequestException"/>.
    /// The attempt timeout covers the whole stream.
    /// </summary>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var updates = base.GetStreamingResponseAsync(messages, options, linked.Token).GetAsyncEnumerator(linked.Token);
            Exception? error = null;
            var more = false;
            try
            {
                more = await updates.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                error = Timed(ex, timeout);
            }

            if (error is not null)
            {
                await updates.DisposeAsync().ConfigureAwait(false);
                await WaitOrThrowAsync(error, attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await using (updates.ConfigureAwait(false))
            {
                while (more)
                {
                    yield return updates.Current;
                    try
                    {
                        more = await updates.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        var failed = Timed(ex, timeout);
                        throw new PolicyRequestException(RequestFailure.Classify(failed), attempt, failed);
                    }
                }
            }

            yield break;
        }
    }

    /// <summary>The attempt's failure, named a stall when its own timeout (not the caller) cancelled it.</summary>
    private Exception Timed(Exception error, CancellationTokenSource timeout) =>
        timeout.IsCancellationRequested ? new AttemptTimeoutException($"no answer within {_options.AttemptTimeout}", error) : error;

    /// <summary>Waits before the next attempt, or throws <see cref="PolicyRequestException"/> when <paramref name="error"/>
    /// may not be retried again.</summary>
    private async Task WaitOrThrowAsync(Exception error, int attempt, CancellationToken cancellationToken)
    {
        var failure = RequestFailure.Classify(error);
        var allowed = failure.Kind switch
        {
            FailureKind.RateLimited or FailureKind.Transient => _options.MaxAttempts,
            FailureKind.Unknown => _options.MaxUnknownAttempts,
            _ => 1,
        };
        if (attempt >= allowed)
        {
            throw new PolicyRequestException(failure, attempt, error);
        }

        await Task.Delay(DelayBefore(attempt + 1, failure.RetryAfter), _time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The wait before attempt number <paramref name="attempt"/> (2 for the first retry).</summary>
    internal TimeSpan DelayBefore(int attempt, TimeSpan? retryAfter)
    {
        double unit;
        lock (_randomLock)
        {
            unit = _random.NextDouble();
        }

        if (retryAfter is { } asked)
        {
            // Honour the service, plus a little jitter so that every waiting request does not return at once.
            var honoured = asked < _options.MaxRetryAfter ? asked : _options.MaxRetryAfter;
            return honoured + (_options.BaseDelay * unit);
        }

        var exponent = Math.Min(attempt - 2, 30);
        var ceiling = Math.Min(_options.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent), _options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((ceiling / 2) + (unit * ceiling / 2));
    }
}
