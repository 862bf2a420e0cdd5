using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Assay.Archive.Tests;

public sealed class SqliteArchiveTests : ArchiveContractTests
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-archive-");

    private string DbPath => Path.Combine(_directory.FullName, "assay.db");

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
        return Task.CompletedTask;
    }

    protected override async Task<IRolloutArchive> OpenAsync(ArchiveOpenOptions? options = null) =>
        await SqliteRolloutArchive.OpenAsync(DbPath, options ?? ArchiveOpenOptions.Write, TimeProvider.System);

    internal override SqlDialect Dialect => SqlDialect.Sqlite;

    protected override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection($"Data Source={DbPath};Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    [Fact]
    public async Task Opening_a_foreign_file_to_read_leaves_it_byte_for_byte_as_it_was()
    {
        await using (var raw = await OpenRawAsync())
        {
            await ExecuteAsync(raw, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
        }

        SqliteConnection.ClearAllPools();
        var before = await File.ReadAllBytesAsync(DbPath);

        var refused = await Assert.ThrowsAsync<ArchiveSchemaException>(() => OpenAsync(ArchiveOpenOptions.Read));

        SqliteConnection.ClearAllPools();
        Assert.Contains("not an Assay archive", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(DbPath)); // still rollback-journal mode, no table added
        Assert.False(File.Exists(DbPath + "-wal"));
    }

    [Fact]
    public async Task The_archive_file_is_in_wal_mode()
    {
        await using var archive = await OpenAsync();
        await using var raw = await OpenRawAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_reader_in_the_middle_of_a_read_does_not_block_the_writer()
    {
        await using var archive = await OpenAsync();
        await archive.AppendAsync([.. Enumerable.Range(0, 100).Select(i => SampleRollouts.Rollout("c1", "p", i))]);

        await using var reading = archive.ReadRolloutsAsync("c1").GetAsyncEnumerator();
        Assert.True(await reading.MoveNextAsync()); // the read transaction is now open

        // Without WAL the commit would wait for the reader's lock until the 30 s busy timeout and then fail.
        await archive.AppendAsync([.. Enumerable.Range(100, 100).Select(i => SampleRollouts.Rollout("c1", "p", i))])
            .WaitAsync(TimeSpan.FromSeconds(5));

        var seen = 1;
        while (await reading.MoveNextAsync())
        {
            seen++;
        }

        Assert.Equal(100, seen); // the reader keeps the snapshot it started with
        Assert.Equal(200, (await archive.GetRolloutIdsAsync("c1")).Count);
    }

    [Fact]
    public async Task Two_archives_on_one_file_append_concurrently_without_losing_rollouts()
    {
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();

        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    await first.AppendAsync([SampleRollouts.Rollout("c1", "first", i)]);
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    await second.AppendAsync([SampleRollouts.Rollout("c1", "second", i)]);
                }
            }));

        Assert.Equal(100, (await first.GetRolloutIdsAsync("c1")).Count);
    }
}
