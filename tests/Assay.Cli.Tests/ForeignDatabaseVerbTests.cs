using Microsoft.Data.Sqlite;

namespace Assay.Cli.Tests;

/// <summary>A <c>--db</c> that names someone else's SQLite database: reading verbs leave it alone, and a campaign is
/// not archived into it unless asked.</summary>
public sealed class ForeignDatabaseVerbTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-foreign-");

    private string Db => Path.Combine(_directory.FullName, "notes.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Report_and_campaigns_on_an_unrelated_sqlite_file_leave_it_untouched()
    {
        CreateNotes();
        var before = await File.ReadAllBytesAsync(Db);

        var report = await AssayProcess.RunAsync(_directory.FullName, "report", "--db", Db);
        var campaigns = await AssayProcess.RunAsync(_directory.FullName, "campaigns", "--db", Db);

        foreach (var (exitCode, _, error) in new[] { report, campaigns })
        {
            Assert.Equal(2, exitCode);
            Assert.StartsWith($"error: --db \"{Db}\": not an Assay archive", error, StringComparison.Ordinal);
            Assert.Single(error.Trim().Split('\n'));
        }

        Assert.Equal(before, await File.ReadAllBytesAsync(Db));
        Assert.False(File.Exists(Db + "-wal"));
    }

    [Fact]
    public async Task Run_refuses_to_add_assays_tables_to_an_unrelated_sqlite_file_without_allow_other_tables()
    {
        CreateNotes();
        var before = await File.ReadAllBytesAsync(Db);

        // The archive is opened before the model is asked anything: this port need not answer.
        var (exitCode, _, error) = await AssayProcess.RunAsync(_directory.FullName,
            "run", "--model", "openai:m@http://127.0.0.1:9/v1", "--suite", "arithmetic", "--db", Db);

        Assert.Equal(2, exitCode);
        Assert.Contains("holds tables that are not Assay's (notes)", error, StringComparison.Ordinal);
        Assert.Contains("--allow-other-tables", error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(Db));
    }

    [Fact]
    public async Task Migrate_adds_assays_tables_beside_others_only_with_allow_other_tables()
    {
        CreateNotes();

        var refused = await AssayProcess.RunAsync(_directory.FullName, "migrate", "--db", Db);
        var shared = await AssayProcess.RunAsync(_directory.FullName, "migrate", "--db", Db, "--allow-other-tables");
        var campaigns = await AssayProcess.RunAsync(_directory.FullName, "campaigns", "--db", Db);

        Assert.Equal(2, refused.ExitCode);
        Assert.True(shared.ExitCode == 0, shared.Error);
        Assert.True(campaigns.ExitCode == 0, campaigns.Error);
        Assert.Contains("no campaigns", campaigns.Output, StringComparison.Ordinal);
        using var connection = new SqliteConnection($"Data Source={Db};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM notes";
        Assert.Equal("mine", command.ExecuteScalar());
    }

    private void CreateNotes()
    {
        using var connection = new SqliteConnection($"Data Source={Db};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine')";
        command.ExecuteNonQuery();
    }
}
