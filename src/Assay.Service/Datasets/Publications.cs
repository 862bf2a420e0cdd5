using Assay.Archive;
using Assay.Archive.Results;
using Assay.Core;
using Assay.Publishing;

namespace Assay.Service.Datasets;

/// <summary>
/// The publications <c>GET /v1/datasets</c> serves, written by <see cref="Publisher"/> into a temporary directory: one per
/// view of the archive (<see cref="AccessPolicy"/> decides a tier's view) and minute, so a reader of the manifest gets
/// the very files it hashes, and the archive is read at most once a minute per view.
/// </summary>
internal sealed class Publications(IRolloutArchive archive, TimeSpan embargo, TimeProvider clock) : IDisposable
{
    // Made at the first publication, not with the server: most servers are never asked for a dataset, and a server
    // killed before it stops cleanly would leave its directory behind.
    private DirectoryInfo? _root;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly Dictionary<bool, (DateTimeOffset AsOf, string Directory, DatasetManifest Manifest)> _latest = [];

    /// <summary>The publication <paramref name="tier"/> may read now: its directory and manifest.</summary>
    public async Task<(string Directory, DatasetManifest Manifest)> ForAsync(Tier tier, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var asOf = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var visibility = AccessPolicy.VisibilityOf(tier, asOf, embargo);
        // A view that sees everything sees negative rollouts too: only then the DPO pairs.
        var negatives = visibility.Cutoff is null;
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_latest.TryGetValue(negatives, out var latest) && latest.AsOf == asOf)
            {
                return (latest.Directory, latest.Manifest);
            }

            _root ??= Directory.CreateTempSubdirectory("assay-datasets-");
            var directory = Path.Combine(_root.FullName, $"{(negatives ? "all" : "released")}-{asOf.UtcTicks}");
            var options = new PublicationOptions
            {
                AsOf = asOf,
                Embargo = asOf - (visibility.Cutoff ?? asOf),
                Formats = negatives ? [.. DatasetFormats.Public, DatasetFormat.Dpo] : DatasetFormats.Public,
            };
            var manifest = await new Publisher(archive, clock).PublishAsync(directory, options, cancellationToken).ConfigureAwait(false);
            if (_latest.TryGetValue(negatives, out var old))
            {
                // A reader may still be sending an old file; on Linux deleting it does not cut that download short.
                Directory.Delete(old.Directory, recursive: true);
            }

            _latest[negatives] = (asOf, directory, manifest);
            return (directory, manifest);
        }
        finally
        {
            _writing.Release();
        }
    }

    public void Dispose()
    {
        _writing.Dispose();
        _root?.Delete(recursive: true);
    }
}
