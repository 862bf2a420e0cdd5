using System.Data.Common;

namespace Assay.Archive;

/// <summary>What the results service's queries need of an archive: a pooled connection and the engine it speaks.</summary>
internal interface IArchiveConnections
{
    SqlDialect Dialect { get; }

    Task<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken);
}
