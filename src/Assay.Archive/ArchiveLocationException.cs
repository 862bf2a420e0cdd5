namespace Assay.Archive;

/// <summary>
/// The <c>--db</c> value does not name an archive that can be opened. The message names the value (with
/// any password hidden) and says why, in one line a user can act on.
/// </summary>
public sealed class ArchiveLocationException : Exception
{
    /// <summary>Creates the exception with a complete one-line message.</summary>
    public ArchiveLocationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a complete one-line message and the failure behind it.</summary>
    public ArchiveLocationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message (prefer the other constructors).</summary>
    public ArchiveLocationException()
    {
    }
}
