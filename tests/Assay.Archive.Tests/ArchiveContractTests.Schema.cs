using System.Data.Common;

namespace Assay.Archive.Tests;

/// <summary>The schema guards: what this build refuses to open, and what opening to read leaves alone.</summary>
public abstract partial class ArchiveContractTests
{
    [Fact]
    public async Task An_archive_of_a_newer_schema_is_refused_naming_both_versions()
    {
        await (await OpenAsync()).DisposeAsync();
        await using (var raw = await OpenRawAsync())
        {
            await ExecuteAsync(raw, "INSERT INTO schema_migrations (version, name, applied_at_us) VALUES (999, 'from_the_future', 0)");
        }

        var write = await Assert.ThrowsAsync<ArchiveSchemaException>(() => OpenAsync());
        var read = await Assert.ThrowsAsync<ArchiveSchemaException>(() => OpenAsync(ArchiveOpenOptions.Read));

        foreach (var refused in new[] { write, read })
        {
            Assert.Contains("version 999 (from_the_future)", refused.Message, StringComparison.Ordinal);
            Assert.Contains($"up to {AllVersions[^1]}", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Opening_an_older_schema_to_read_is_refused_and_migrates_nothing()
    {
        await (await OpenAsync()).DisposeAsync();
        await using (var raw = await OpenRawAsync())
        {
            await ExecuteAsync(raw, $"DELETE FROM schema_migrations WHERE version = {AllVersions[^1]}");
        }

        var refused = await Assert.ThrowsAsync<ArchiveSchemaException>(() => OpenAsync(ArchiveOpenOptions.Read));

        Assert.Contains($"at version {AllVersions[^2]}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("assay migrate", refused.Message, StringComparison.Ordinal);
        Assert.Equal(AllVersions[..^1], await VersionsAsync());
    }

    [Fact]
    public async Task An_archive_opened_to_read_refuses_to_write()
    {
        await (await OpenAsync()).DisposeAsync();
        await using var archive = await OpenAsync(ArchiveOpenOptions.Read);

        await Assert.ThrowsAnyAsync<DbException>(() => archive.AppendAsync([SampleRollouts.Rollout("c1", "p", 0)]));
        Assert.Empty(await archive.GetRolloutIdsAsync("c1"));
    }

    [Fact]
    public async Task A_database_holding_other_tables_is_made_an_archive_only_when_asked()
    {
        await using (var raw = await OpenRawAsync())
        {
            await ExecuteAsync(raw, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
        }

        var refused = await Assert.ThrowsAsync<ArchiveSchemaException>(() => OpenAsync());
        Assert.Contains("notes", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-other-tables", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await VersionsAsync(tableMayBeMissing: true));

        await using var archive = await OpenAsync(new ArchiveOpenOptions(AllowOtherTables: true));
        await archive.AppendAsync([SampleRollouts.Rollout("c1", "p", 0)]);
        Assert.Equal(AllVersions, await VersionsAsync());
    }

    private async Task<long[]> VersionsAsync(bool tableMayBeMissing = false)
    {
        await using var raw = await OpenRawAsync();
        await using var command = raw.CreateCommand();
        if (tableMayBeMissing)
        {
            command.CommandText = Dialect == SqlDialect.Sqlite
                ? "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'"
                : "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations' AND table_schema = current_schema()";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return [];
            }
        }

        command.CommandText = "SELECT version FROM schema_migrations ORDER BY version";
        var versions = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return [.. versions];
    }
}
