using System.Data.Common;
using Dapper;

namespace Assay.Archive;

/// <summary>
/// Decides whether this build may use a database as asked, from what it holds (its tables and the versions recorded in
/// <c>schema_migrations</c>), before anything is changed: a schema newer than this build is refused (it may have
/// columns or rules this build would break); a read-only open refuses an older schema instead of migrating it; a
/// database holding other tables and no Assay schema is not turned into an archive unless asked.
/// </summary>
internal static class SchemaGuard
{
    /// <summary>Throws <see cref="ArchiveSchemaException"/> when the database may not be used with <paramref name="options"/>;
    /// returns the versions already applied.</summary>
    public static async Task<IReadOnlySet<int>> CheckAsync(
        DbConnection connection, SqlDialect dialect, ArchiveOpenOptions options, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var tables = (await connection.QueryAsync<string>(new CommandDefinition(
            dialect == SqlDialect.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
            transaction: transaction,
            cancellationToken: cancellationToken))).ToList();
        var known = MigrationCatalog.For(dialect);
        var newest = known[^1];
        if (!tables.Contains("schema_migrations", StringComparer.Ordinal))
        {
            if (options.ReadOnly)
            {
                throw new ArchiveSchemaException(tables.Count == 0
                    ? "not an Assay archive (the database is empty)"
                    : $"not an Assay archive (no schema_migrations table; it holds {Names(tables)}); nothing was changed");
            }

            if (tables.Count > 0 && !options.AllowOtherTables)
            {
                throw new ArchiveSchemaException(
                    $"holds tables that are not Assay's ({Names(tables)}); refusing to add Assay's tables to it: give a new file, or --allow-other-tables to share the database");
            }

            return new HashSet<int>();
        }

        var applied = (await connection.QueryAsync<(int Version, string Name)>(new CommandDefinition(
            "SELECT version, name FROM schema_migrations ORDER BY version", transaction: transaction, cancellationToken: cancellationToken))).ToList();
        var unknown = applied.Where(a => known.All(m => m.Version != a.Version)).ToList();
        if (unknown.Count > 0)
        {
            var latest = unknown[^1];
            throw new ArchiveSchemaException(
                $"the archive's schema is at version {latest.Version} ({latest.Name}), which this build does not know (it knows versions up to {newest.Version}, {newest.Name}): use a newer assay");
        }

        var pending = known.Where(m => applied.All(a => a.Version != m.Version)).ToList();
        if (options.ReadOnly && pending.Count > 0)
        {
            var at = applied.Count == 0 ? "0" : $"{applied[^1].Version} ({applied[^1].Name})";
            throw new ArchiveSchemaException(
                $"the archive's schema is at version {at}, this build reads version {newest.Version} ({newest.Name}); nothing was changed: upgrade it once with assay migrate");
        }

        return applied.Select(a => a.Version).ToHashSet();
    }

    private static string Names(List<string> tables) =>
        string.Join(", ", tables.Take(5)) + (tables.Count > 5 ? $" and {tables.Count - 5} more" : "");
}
