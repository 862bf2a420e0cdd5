using Microsoft.Data.Sqlite;

namespace Assay.Archive.Tests;

public sealed class ArchiveFactoryTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-factory-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task A_file_path_opens_a_sqlite_archive_and_creates_the_file()
    {
        var path = Path.Combine(_directory.FullName, "assay.db");

        await using var archive = await ArchiveFactory.OpenAsync(path);

        Assert.IsType<SqliteRolloutArchive>(archive);
        Assert.True(File.Exists(path));
    }

    [Theory]
    [InlineData("", "--db is empty")]
    [InlineData("   ", "--db is empty")]
    [InlineData("mysql://u:p@127.0.0.1/db", "unsupported scheme 'mysql://'")]
    [InlineData(":memory:", "in-memory SQLite database keeps nothing")]
    [InlineData("postgres://u@127.0.0.1:5432", "names no database")]
    [InlineData("postgres://u:p@127.0.0.1:5432/db?frobnicate=1", "URL parameter 'frobnicate'")]
    [InlineData("Host=;Database=x", "has no Host")]
    [InlineData("Frobnicate=1;Host=x", "not a valid PostgreSQL connection string")]
    public async Task A_malformed_db_value_is_named_in_one_clear_error(string db, string reason)
    {
        var error = await Assert.ThrowsAsync<ArchiveLocationException>(() => ArchiveFactory.OpenAsync(db));

        Assert.StartsWith("--db", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_path_in_a_missing_directory_names_the_value_and_the_directory()
    {
        var db = Path.Combine(_directory.FullName, "missing", "assay.db");

        var error = await Assert.ThrowsAsync<ArchiveLocationException>(() => ArchiveFactory.OpenAsync(db));

        Assert.Contains($"--db \"{db}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_is_not_an_archive()
    {
        var error = await Assert.ThrowsAsync<ArchiveLocationException>(() => ArchiveFactory.OpenAsync(_directory.FullName));

        Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_names_the_value()
    {
        var path = Path.Combine(_directory.FullName, "notes.txt");
        await File.WriteAllTextAsync(path, new string('x', 4096));

        var error = await Assert.ThrowsAsync<ArchiveLocationException>(() => ArchiveFactory.OpenAsync(path));

        Assert.Contains($"--db \"{path}\": cannot open the SQLite archive", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_named_without_its_password()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var error = await Assert.ThrowsAsync<ArchiveLocationException>(
            () => ArchiveFactory.OpenAsync("postgres://assay:hunter2@127.0.0.1:1/assay"));

        Assert.Contains("--db \"postgres://assay:***@127.0.0.1:1/assay\": cannot open the PostgreSQL archive", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_string_password_is_hidden_in_errors()
    {
        var error = await Assert.ThrowsAsync<ArchiveLocationException>(
            () => ArchiveFactory.OpenAsync("Host=127.0.0.1;Port=1;Username=assay;Password=hunter2;Database=assay;Timeout=3"));

        Assert.Contains("Password=***", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
