namespace Assay.Archive;

/// <summary>
/// The database is not one this build may use as it was asked to: its schema is newer than this build knows, it is
/// older and was opened read-only, it is not an Assay archive, or it holds other tables and was not to be shared.
/// The message says which, naming the versions, in one line (the <c>--db</c> value is added by <see cref="ArchiveFactory"/>).
/// </summary>
public sealed class ArchiveSchemaException : Exception
{
    /// <summary>Creates the exception with a complete one-line message.</summary>
    public ArchiveSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a complete one-line message and the failure behind it.</summary>
    public ArchiveSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message (prefer the other constructors).</summary>
    public ArchiveSchemaException()
    {
    }
}
