using Assay.Archive;

namespace Assay.Cli;

/// <summary>Opens the archive a verb's <c>--db</c> names; a value that cannot be opened is one line for the user.</summary>
internal static class Archives
{
    /// <summary>Opens the archive, creating a SQLite file that does not exist yet: what a campaign writes to.</summary>
    public static async Task<IRolloutArchive> OpenAsync(string db, CancellationToken cancellationToken)
    {
        try
        {
            return await ArchiveFactory.OpenAsync(db, cancellationToken).ConfigureAwait(false);
        }
        catch (ArchiveLocationException ex)
        {
            throw new UserInputException(ex.Message, ex);
        }
    }

    /// <summary>Opens an archive that must exist already: for a verb that only reads, a missing SQLite file is a
    /// mistaken <c>--db</c>, not a new empty archive.</summary>
    public static Task<IRolloutArchive> OpenExistingAsync(string db, CancellationToken cancellationToken)
    {
        if (!db.Contains("://", StringComparison.Ordinal) && !db.Contains('=', StringComparison.Ordinal) && !File.Exists(db))
        {
            throw new UserInputException($"--db {db}: no archive there (run a campaign first, or give --db)");
        }

        return OpenAsync(db, cancellationToken);
    }
}
