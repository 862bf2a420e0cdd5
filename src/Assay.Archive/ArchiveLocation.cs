using System.Text.RegularExpressions;
using Npgsql;

namespace Assay.Archive;

/// <summary>
/// What a <c>--db</c> value names: a SQLite file, or a PostgreSQL database given as a
/// <c>postgres://user:pass@host:port/db</c> URL or an Npgsql connection string (<c>Host=...;Database=...</c>).
/// </summary>
/// <param name="Dialect">Which engine.</param>
/// <param name="Target">The SQLite path, or the Npgsql connection string.</param>
/// <param name="Display">The value as the user gave it, with any password replaced by <c>***</c>.</param>
internal sealed partial record ArchiveLocation(SqlDialect Dialect, string Target, string Display)
{
    private const string Forms = "give a file path (./assay.db), postgres://user:pass@host:port/db, or a connection string Host=...;Database=...";

    /// <summary>Reads a <c>--db</c> value; throws <see cref="ArchiveLocationException"/> naming it when it is unusable.</summary>
    public static ArchiveLocation Parse(string db)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            throw new ArchiveLocationException($"--db is empty: {Forms}.");
        }

        var value = db.Trim();
        var scheme = SchemaPrefix().Match(value);
        if (scheme.Success)
        {
            var name = scheme.Groups[1].Value.ToLowerInvariant();
            if (name is "postgres" or "postgresql")
            {
                var (connectionString, display) = PostgresUrl.ToConnectionString(value);
                return new ArchiveLocation(SqlDialect.Postgres, connectionString, display);
            }

            throw new ArchiveLocationException($"--db \"{value}\": unsupported scheme '{name}://'; {Forms}.");
        }

        if (KeywordPrefix().IsMatch(value))
        {
            return FromConnectionString(value);
        }

        return FromPath(value);
    }

    private static ArchiveLocation FromConnectionString(string value)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException ex)
        {
            throw new ArchiveLocationException($"--db \"{Redact(value)}\": not a valid PostgreSQL connection string: {ex.Message}", ex);
        }

        var display = builder.Password is null ? value : Redact(value);
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ArchiveLocationException($"--db \"{display}\": the connection string has no Host; {Forms}.");
        }

        return new ArchiveLocation(SqlDialect.Postgres, builder.ConnectionString, display);
    }

    private static ArchiveLocation FromPath(string path)
    {
        if (path.StartsWith(':'))
        {
            // ":memory:" would give every connection its own empty database, and keep nothing.
            throw new ArchiveLocationException($"--db \"{path}\": an in-memory SQLite database keeps nothing; {Forms}.");
        }

        if (Directory.Exists(path))
        {
            throw new ArchiveLocationException($"--db \"{path}\": is a directory; name the database file inside it, e.g. {Path.Combine(path, "assay.db")}.");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            throw new ArchiveLocationException($"--db \"{path}\": directory {directory} does not exist.");
        }

        return new ArchiveLocation(SqlDialect.Sqlite, path, path);
    }

    private static string Redact(string connectionString) => PasswordPair().Replace(connectionString, "${key}=***");

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.\-]*)://")]
    private static partial Regex SchemaPrefix();

    // "Host=...", "Server = ...", "Username=...": a connection string starts with keyword '='.
    [GeneratedRegex(@"^[A-Za-z][A-Za-z ]*=")]
    private static partial Regex KeywordPrefix();

    [GeneratedRegex(@"(?<key>(?:^|;)\s*(?:password|pwd)\s*)=[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordPair();
}
