using Microsoft.Data.Sqlite;
using Npgsql;

namespace Assay.Archive;

/// <summary>
/// The one place that tells a passing archive fault (retry it) from a lasting one (stop the campaign), and says either in
/// words. Passing: SQLite busy or locked (another connection holds the write lock), a PostgreSQL server restarting, shutting
/// down or refusing connections for now, a connection reset. Lasting: a full disk, a read-only or removed file, anything else.
/// </summary>
public static class ArchiveFaults
{
    // SQLite's primary result codes (https://www.sqlite.org/rescode.html).
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteReadOnly = 8, SqliteIoError = 10, SqliteCorrupt = 11, SqliteFull = 13,
        SqliteCantOpen = 14, SqliteNotADatabase = 26;

    /// <summary>True when retrying after a pause may succeed.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked,
        PostgresException postgres => postgres.IsTransient
            || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300" || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException,
        TimeoutException => true,
        _ => false,
    };

    /// <summary>What failed, in words a user can act on.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        ArchiveFileGoneException gone => gone.Message,
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) switch
        {
            SqliteFull => "the disk is full (SQLITE_FULL)",
            SqliteIoError => $"a disk I/O error, often a full disk ({sqlite.Message})",
            SqliteReadOnly => "the database is read-only (a read-only file, directory or file system)",
            SqliteCantOpen => "the database file cannot be opened (removed, or its directory is gone)",
            SqliteCorrupt or SqliteNotADatabase => $"the database file is damaged or is not a database ({sqlite.Message})",
            SqliteBusy or SqliteLocked => "another connection held the write lock for too long (SQLITE_BUSY)",
            _ => sqlite.Message,
        },
        PostgresException postgres => $"PostgreSQL refused: {postgres.MessageText} ({postgres.SqlState})",
        NpgsqlException npgsql => $"PostgreSQL unreachable: {npgsql.Message}",
        _ => exception.Message,
    };
}
