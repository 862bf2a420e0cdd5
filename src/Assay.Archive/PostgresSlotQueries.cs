using Npgsql;

namespace Assay.Archive;

/// <summary>
/// What a campaign spread over many machines asks the PostgreSQL archive besides appending: which of a chunk's rollouts
/// are archived already (so a redelivered chunk asks only the rest), and how far the campaign has come (the coordinator's
/// progress). The archive stays the source of truth for what is done.
/// </summary>
public sealed class PostgresSlotQueries : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresSlotQueries(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Connects to the PostgreSQL archive <paramref name="db"/> names (a <c>postgres://</c> URL or a connection
    /// string); throws <see cref="ArchiveLocationException"/> for anything else.</summary>
    public static PostgresSlotQueries Open(string db)
    {
        var location = ArchiveLocation.Parse(db);
        if (location.Dialect != SqlDialect.Postgres)
        {
            throw new ArchiveLocationException($"--db \"{location.Display}\": a cluster needs a PostgreSQL archive (postgres://host:port/db), not a SQLite file.");
        }

        return new PostgresSlotQueries(NpgsqlDataSource.Create(location.Target));
    }

    /// <summary>Of <paramref name="rolloutIds"/>, those archived.</summary>
    public async Task<IReadOnlySet<string>> ArchivedAsync(IReadOnlyCollection<string> rolloutIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rolloutIds);
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (rolloutIds.Count == 0)
        {
            return found;
        }

        await using var command = _dataSource.CreateCommand("SELECT id FROM rollouts WHERE id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", rolloutIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    /// <summary>Rollouts archived for a campaign (every attempt), of them infrastructure failures, and the statuses of the
    /// <paramref name="latest"/> most recently archived, newest first.</summary>
    public async Task<(long Rollouts, long Infrastructure, IReadOnlyList<string> Latest)> CountAsync(
        string campaignId, int latest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var batch = _dataSource.CreateBatch();
        var counts = new NpgsqlBatchCommand(
            "SELECT count(*), count(*) FILTER (WHERE verdict_status = 'infrastructure') FROM rollouts WHERE campaign_id = @campaign");
        counts.Parameters.AddWithValue("campaign", campaignId);
        var newest = new NpgsqlBatchCommand(
            "SELECT verdict_status FROM rollouts WHERE campaign_id = @campaign ORDER BY created_at_us DESC LIMIT @latest");
        newest.Parameters.AddWithValue("campaign", campaignId);
        newest.Parameters.AddWithValue("latest", latest);
        batch.BatchCommands.Add(counts);
        batch.BatchCommands.Add(newest);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var rollouts = reader.GetInt64(0);
        var infrastructure = reader.GetInt64(1);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var statuses = new List<string>(latest);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            statuses.Add(reader.GetString(0));
        }

        return (rollouts, infrastructure, statuses);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
