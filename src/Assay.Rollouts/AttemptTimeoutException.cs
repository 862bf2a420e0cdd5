namespace Assay.Rollouts;

/// <summary>One attempt took longer than <see cref="RetryOptions.AttemptTimeout"/> (the service stalled).</summary>
public sealed class AttemptTimeoutException : TimeoutException
{
    public AttemptTimeoutException(string message)
        : base(message)
    {
    }

    public AttemptTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AttemptTimeoutException()
    {
    }
}
