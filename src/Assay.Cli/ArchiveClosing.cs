using Assay.Archive;

namespace Assay.Cli;

/// <summary>Disposes an archive that may not have been opened (a verb whose <c>--db</c> is optional).</summary>
internal sealed class ArchiveClosing(IRolloutArchive? archive) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => archive?.DisposeAsync() ?? ValueTask.CompletedTask;
}
