using Assay.Archive;

namespace Assay.Cli;

/// <summary>Opens the archive a verb's <c>--db</c> names; a value that cannot be opened is one line for the user.</summary>
internal static class Archives
{
    /// <summary>Opens the archive to write, creating a SQLite file that does not exist yet and migrating it to this
    /// build's schema: what a campaign writes to. A database holding other tables is refused unless
    /// <paramref name="allowOtherTables"/>.</summary>
    public static Task<IRolloutArchive> OpenAsync(string db, CancellationToken cancellationToken, bool allowOtherTables = false) =>
        OpenAsync(db, new ArchiveOpenOptions(AllowOtherTables: allowOtherTables), cancellationToken);

    /// <summary>Opens an archive that must exist already, to read only: a verb that reads never migrates, never
    /// switches the journal mode and never creates a table, and a missing SQLite file is a mistaken <c>--db</c>, not a
    /// new empty archive.</summary>
    public static Task<IRolloutArchive> OpenExistingAsync(string db, CancellationToken cancellationToken)
    {
        if (!db.Contains("://", StringComparison.Ordinal) && !db.Contains('=', StringComparison.Ordinal) && !File.Exists(db))
        {
            throw new UserInputException($"--db {db}: no archive there (run a campaign first, or give --db)");
        }

        return OpenAsync(db, ArchiveOpenOptions.Read, cancellationToken);
    }

    private static async Task<IRolloutArchive> OpenAsync(string db, ArchiveOpenOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await ArchiveFactory.OpenAsync(db, options, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (ArchiveLocationException ex)
        {
            throw new UserInputException(ex.Message, ex);
        }
    }
}
