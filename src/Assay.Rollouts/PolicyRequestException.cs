namespace Assay.Rollouts;

/// <summary>A request that failed for good: retries exhausted, or a failure not worth retrying.</summary>
public sealed class PolicyRequestException : Exception
{
    /// <summary>Creates the exception for a request given up after <paramref name="attempts"/> attempts.</summary>
    public PolicyRequestException(RequestFailure failure, int attempts, Exception innerException)
        : base($"{failure} after {attempts} attempt{(attempts == 1 ? "" : "s")}: {OneLine(innerException?.Message)}", innerException)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Failure = failure;
        Attempts = attempts;
    }

    public PolicyRequestException(string message)
        : base(message)
    {
        Failure = new RequestFailure(FailureKind.Unknown, null, null);
    }

    public PolicyRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = new RequestFailure(FailureKind.Unknown, null, null);
    }

    public PolicyRequestException()
    {
        Failure = new RequestFailure(FailureKind.Unknown, null, null);
    }

    /// <summary>The classification of the last attempt's failure.</summary>
    public RequestFailure Failure { get; }

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; }

    /// <summary>SDK messages span lines ("Service request failed.\nStatus: 500 ..."); a verdict detail is one line.</summary>
    private static string OneLine(string? message) =>
        string.Join(' ', (message ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
