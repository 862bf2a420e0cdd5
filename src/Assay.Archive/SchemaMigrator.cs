using System.Data.Common;
using Dapper;

namespace Assay.Archive;

/// <summary>
/// Brings a database to the newest schema at open: every embedded migration not yet recorded in
/// <c>schema_migrations</c> runs once, all in one transaction, so a failed migration leaves nothing behind. What may be
/// migrated at all is <see cref="SchemaGuard"/>'s call, made under the same lock.
/// </summary>
internal static class SchemaMigrator
{
    // Any fixed number: it names the lock two processes opening one PostgreSQL database at once contend for.
    private const long PostgresLockKey = 0x41_73_73_61_79_4D_69_67; // "AssayMig"

    /// <summary>Applies the pending migrations and returns how many ran.</summary>
    public static async Task<int> ApplyAsync(
        DbConnection connection, SqlDialect dialect, ArchiveOpenOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        // SQLite: BEGIN IMMEDIATE takes the write lock now, so two openers cannot both see version 0.
        await using var transaction = connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(cancellationToken);
        if (dialect == SqlDialect.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(@Key)", new { Key = PostgresLockKey }, transaction, cancellationToken: cancellationToken));
        }

        var applied = await SchemaGuard.CheckAsync(connection, dialect, options, transaction, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version       INTEGER PRIMARY KEY,
                name          TEXT NOT NULL,
                applied_at_us BIGINT NOT NULL
            )
            """,
            transaction: transaction,
            cancellationToken: cancellationToken));

        var ran = 0;
        foreach (var migration in MigrationCatalog.For(dialect))
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at_us) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = ArchiveColumns.ToMicroseconds(timeProvider.GetUtcNow()) },
                transaction,
                cancellationToken: cancellationToken));
            ran++;
        }

        await transaction.CommitAsync(cancellationToken);
        return ran;
    }
}
