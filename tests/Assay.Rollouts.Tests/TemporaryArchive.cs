using Assay.Archive;

namespace Assay.Rollouts.Tests;

/// <summary>A SQLite archive in a fresh temporary directory, deleted with it.</summary>
internal sealed class TemporaryArchive : IAsyncDisposable
{
    private readonly string _directory;

    private TemporaryArchive(string directory, IRolloutArchive archive)
    {
        _directory = directory;
        Archive = archive;
    }

    public IRolloutArchive Archive { get; }

    public static async Task<TemporaryArchive> CreateAsync()
    {
        var directory = Directory.CreateTempSubdirectory("assay-rollouts-").FullName;
        return new TemporaryArchive(directory, await ArchiveFactory.OpenAsync(Path.Combine(directory, "assay.db")));
    }

    public async ValueTask DisposeAsync()
    {
        await Archive.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
