using System.Data.Common;

namespace Assay.Archive;

/// <summary>Opens the archive a <c>--db</c> value names. The one place that decides which engine a value means.</summary>
public static class ArchiveFactory
{
    /// <summary>The <c>--db</c> value used when none is given.</summary>
    public const string DefaultDb = "./assay.db";

    /// <summary>How messages name the archive <paramref name="db"/> names: as given, any password replaced by <c>***</c>.</summary>
    public static string Describe(string db) => ArchiveLocation.Parse(db).Display;

    /// <summary>
    /// Opens the archive <paramref name="db"/> names and applies pending migrations: a file path means SQLite;
    /// <c>postgres://</c>, <c>postgresql://</c> or a connection string (<c>Host=...</c>) means PostgreSQL.
    /// Throws <see cref="ArchiveLocationException"/>, naming the value, when it cannot be opened.
    /// </summary>
    public static Task<IRolloutArchive> OpenAsync(string db, CancellationToken cancellationToken = default) =>
        OpenAsync(db, TimeProvider.System, cancellationToken);

    /// <inheritdoc cref="OpenAsync(string, CancellationToken)" />
    public static Task<IRolloutArchive> OpenAsync(string db, TimeProvider timeProvider, CancellationToken cancellationToken = default) =>
        OpenAsync(db, ArchiveOpenOptions.Write, timeProvider, cancellationToken);

    /// <summary>Opens the archive <paramref name="db"/> names as <paramref name="options"/> say (to write and migrate, or
    /// to read only). Throws <see cref="ArchiveLocationException"/>, naming the value, when it cannot be opened or may
    /// not be used so (a newer schema, a foreign database).</summary>
    public static async Task<IRolloutArchive> OpenAsync(string db, ArchiveOpenOptions options, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var location = ArchiveLocation.Parse(db);
        try
        {
            return location.Dialect == SqlDialect.Sqlite
                ? await SqliteRolloutArchive.OpenAsync(location.Target, options, timeProvider, cancellationToken)
                : await PostgresRolloutArchive.OpenAsync(location.Target, options, timeProvider, cancellationToken);
        }
        catch (ArchiveSchemaException ex)
        {
            throw new ArchiveLocationException($"--db \"{location.Display}\": {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is DbException or ArgumentException or TimeoutException)
        {
            var engine = location.Dialect == SqlDialect.Sqlite ? "SQLite" : "PostgreSQL";
            throw new ArchiveLocationException($"--db \"{location.Display}\": cannot open the {engine} archive: {ex.Message}", ex);
        }
    }
}
