namespace Assay.Archive;

/// <summary>The SQLite file an archive opened was removed or replaced while it was in use: what was written since went
/// to a file no path names any more.</summary>
public sealed class ArchiveFileGoneException : IOException
{
    /// <summary>Creates the exception with a complete one-line message.</summary>
    public ArchiveFileGoneException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a complete one-line message and the failure behind it.</summary>
    public ArchiveFileGoneException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message (prefer the other constructors).</summary>
    public ArchiveFileGoneException()
    {
    }
}
