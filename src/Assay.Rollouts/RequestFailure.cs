using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Anthropic.Exceptions;

namespace Assay.Rollouts;

/// <summary>A failed attempt, classified: the one place that reads the SDKs' exceptions.</summary>
/// <param name="Kind">What the failure means for a retry.</param>
/// <param name="Status">HTTP status, when the service answered.</param>
/// <param name="RetryAfter">The service's <c>Retry-After</c>, when it sent one.</param>
public sealed record RequestFailure(FailureKind Kind, int? Status, TimeSpan? RetryAfter)
{
    /// <summary>Classifies an exception thrown by an attempt (not a cancellation the caller asked for).</summary>
    public static RequestFailure Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case AttemptTimeoutException:
                return new RequestFailure(FailureKind.Transient, null, null);
            case ClientResultException result when result.Status != 0:
                return FromStatus(result.Status, ReadRetryAfter(result));
            case AnthropicApiException api:
                return FromStatus((int)api.StatusCode, null);
            case HttpRequestException { StatusCode: { } status }:
                return FromStatus((int)status, null);
        }

        // Connection refused / reset / closed mid-response surface as HttpRequestException, IOException or
        // SocketException, possibly wrapped (the OpenAI SDK wraps them in a status-0 ClientResultException).
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException or IOException or SocketException)
            {
                return new RequestFailure(FailureKind.Transient, null, null);
            }
        }

        return new RequestFailure(FailureKind.Unknown, null, null);
    }

    /// <summary>Classifies an HTTP status.</summary>
    public static RequestFailure FromStatus(int status, TimeSpan? retryAfter) => status switch
    {
        429 => new RequestFailure(FailureKind.RateLimited, status, retryAfter),
        408 or 409 or >= 500 => new RequestFailure(FailureKind.Transient, status, retryAfter),
        401 or 403 or 404 => new RequestFailure(FailureKind.Fatal, status, null),
        _ => new RequestFailure(FailureKind.Rejected, status, null),
    };

    /// <summary>Parses a <c>Retry-After</c> value: delta-seconds or an HTTP date (RFC 9110 §10.2.3).</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static TimeSpan? ReadRetryAfter(ClientResultException exception)
    {
        var headers = exception.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }

        // OpenAI sends retry-after-ms alongside Retry-After; the milliseconds are more precise.
        if (headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        return headers.TryGetValue("Retry-After", out var value) ? ParseRetryAfter(value, DateTimeOffset.UtcNow) : null;
    }

    /// <summary>A short description for an infrastructure verdict.</summary>
    public override string ToString() => Status is { } s
        ? $"{Kind} (HTTP {s.ToString(CultureInfo.InvariantCulture)} {(HttpStatusCode)s})"
        : Kind.ToString();
}
