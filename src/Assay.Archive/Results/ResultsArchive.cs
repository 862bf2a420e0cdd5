using Assay.Core;
using Dapper;

namespace Assay.Archive.Results;

/// <summary>
/// The results service's reads of the archive. Every read takes the caller's <see cref="RolloutVisibility"/> and
/// puts it into its SQL's WHERE clause: a row a tier may not see is never read, so it cannot leak by a missed filter.
/// </summary>
public sealed partial class ResultsArchive
{
    private readonly IArchiveConnections _archive;

    /// <summary>Reads <paramref name="archive"/>, opened by <see cref="ArchiveFactory"/> (SQLite or PostgreSQL).</summary>
    public ResultsArchive(IRolloutArchive archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        _archive = archive as IArchiveConnections
            ?? throw new ArgumentException($"{archive.GetType().Name} is not an archive the results service can read.", nameof(archive));
    }

    /// <summary>A number that changes whenever rollouts are stored, by this process or any other.</summary>
    public async Task<long> VersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _archive.OpenDbConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT version FROM archive_version WHERE id = 1", cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The creation time of the earliest rollout created after <paramref name="cutoff"/>, or null when there is none:
    /// until the embargo cut-off reaches it, what the public tier sees cannot change without a new rollout.
    /// </summary>
    public async Task<DateTimeOffset?> NextCreatedAfterAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await _archive.OpenDbConnectionAsync(cancellationToken);
        var next = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MIN(created_at_us) FROM rollouts WHERE created_at_us > @Cutoff",
            new { Cutoff = ArchiveColumns.ToMicroseconds(cutoff) },
            cancellationToken: cancellationToken));
        return next is { } at ? ArchiveColumns.ToTime(at) : null;
    }

    /// <summary>The campaigns <paramref name="visibility"/> shows, newest first.</summary>
    public async Task<IReadOnlyList<Campaign>> CampaignsAsync(RolloutVisibility visibility, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        var parameters = new DynamicParameters();
        visibility.Bind(parameters);
        await using var connection = await _archive.OpenDbConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<CampaignRow>(new CommandDefinition(
            $"SELECT {CampaignRow.SelectColumns} FROM campaigns WHERE {visibility.CampaignCondition("")} ORDER BY created_at_us DESC, id",
            parameters,
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToCampaign())];
    }
}
