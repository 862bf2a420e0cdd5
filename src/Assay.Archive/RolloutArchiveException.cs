namespace Assay.Archive;

/// <summary>The archive failed for good while rollouts were being written (a full disk, a read-only or removed file, a
/// server still unreachable after the retries): a campaign must stop, keeping what it has in its spill. The message says
/// what failed in words; the driver's exception is the inner one.</summary>
public sealed class RolloutArchiveException : InvalidOperationException
{
    /// <summary>Creates the exception with a complete one-line message.</summary>
    public RolloutArchiveException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a complete one-line message and the failure behind it.</summary>
    public RolloutArchiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message (prefer the other constructors).</summary>
    public RolloutArchiveException()
    {
    }
}
