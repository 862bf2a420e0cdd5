namespace Assay.Archive;

/// <summary>
/// Notices when the SQLite file an archive writes to is removed or replaced under it. SQLite keeps writing to the file
/// it opened, so without this a campaign whose file was deleted would end "completed" with nothing left at the path. The
/// watch holds the file open and asks Linux, after each commit, whether the file it holds still has a name
/// (<c>/proc/self/fd/N</c> reads "… (deleted)" once it has none: removed, or replaced by a rename). Where there is no
/// <c>/proc</c>, it watches nothing.
/// </summary>
internal sealed class ArchiveFileWatch : IDisposable
{
    private readonly string _path;
    private readonly FileStream? _held;
    private readonly string? _descriptorLink;

    public ArchiveFileWatch(string path)
    {
        _path = path;
        if (!Directory.Exists("/proc/self/fd"))
        {
            return;
        }

        // Read-only and never locked: SQLite's own locks are fcntl locks, which this handle neither takes nor releases
        // until the archive is disposed (after its connections are closed).
        _held = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        _descriptorLink = $"/proc/self/fd/{_held.SafeFileHandle.DangerousGetHandle()}";
    }

    /// <summary>Throws <see cref="ArchiveFileGoneException"/> when the file no longer has its name.</summary>
    public void ThrowIfGone()
    {
        if (_descriptorLink is null)
        {
            return;
        }

        var target = new FileInfo(_descriptorLink).LinkTarget;
        if (target is null || target.EndsWith(" (deleted)", StringComparison.Ordinal) || !File.Exists(_path))
        {
            throw new ArchiveFileGoneException(
                $"the database file {_path} was removed or replaced while the campaign was writing to it (what was written since is not in any file)");
        }
    }

    public void Dispose() => _held?.Dispose();
}
