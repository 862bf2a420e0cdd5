using System.Data.Common;
using Npgsql;

namespace Assay.Archive.Tests;

[Collection(SharedPostgresServer.Name)]
public sealed class PostgresArchiveTests(PostgresFixture postgres) : ArchiveContractTests
{
    private string _connectionString = "";

    public override async Task InitializeAsync() =>
        _connectionString = postgres.Server.ConnectionString(await postgres.NewDatabaseAsync());

    protected override async Task<IRolloutArchive> OpenAsync(ArchiveOpenOptions? options = null) =>
        await PostgresRolloutArchive.OpenAsync(_connectionString, options ?? ArchiveOpenOptions.Write, TimeProvider.System);

    internal override SqlDialect Dialect => SqlDialect.Postgres;

    protected override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        return connection;
    }

    [Fact]
    public async Task Truncating_the_rollouts_table_is_rejected_by_the_database()
    {
        await using var archive = await OpenAsync();
        await archive.AppendAsync([SampleRollouts.Rollout("c1", "p", 0)]);

        await using var raw = await OpenRawAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(raw, "TRUNCATE rollouts"));

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        Assert.Single(await archive.GetRolloutIdsAsync("c1"));
    }

    [Fact]
    public async Task Two_archives_opening_one_new_database_at_once_apply_migrations_once()
    {
        var opening = Enumerable.Range(0, 4).Select(_ => OpenAsync()).ToArray();
        foreach (var archive in await Task.WhenAll(opening))
        {
            await archive.DisposeAsync();
        }

        await using var raw = await OpenRawAsync();
        Assert.Equal(AllVersions, await QueryLongsAsync(raw, "SELECT version FROM schema_migrations ORDER BY version"));
    }
}
