using Dapper;

namespace Assay.Archive.Results;

public sealed partial class ResultsArchive
{
    /// <summary>Stores <paramref name="entries"/> in the audit log in one transaction.</summary>
    public async Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        await using var connection = await _archive.OpenDbConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_log (at_us, key_id, tier, method, path, status, elapsed_us, remote) " +
            "VALUES (@AtUs, @KeyId, @Tier, @Method, @Path, @Status, @ElapsedUs, @Remote)",
            entries.Select(e => new
            {
                AtUs = ArchiveColumns.ToMicroseconds(e.At),
                e.KeyId,
                Tier = ServiceWords.ToWord(e.Tier),
                e.Method,
                e.Path,
                e.Status,
                ElapsedUs = ArchiveColumns.ToMicroseconds(e.Elapsed),
                e.Remote,
            }),
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The newest audit entries, at most <paramref name="limit"/>, before the entry <paramref name="beforeId"/> when given.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(int limit, long? beforeId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        await using var connection = await _archive.OpenDbConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(
            "SELECT id AS Id, at_us AS AtUs, key_id AS KeyId, tier AS Tier, method AS Method, path AS Path, status AS Status, " +
            "elapsed_us AS ElapsedUs, remote AS Remote FROM audit_log " +
            (beforeId is null ? "" : "WHERE id < @BeforeId ") + "ORDER BY id DESC LIMIT @Limit",
            new { BeforeId = beforeId ?? 0, Limit = limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToEntry())];
    }

    private sealed class AuditRow
    {
        public long Id { get; set; }
        public long AtUs { get; set; }
        public string? KeyId { get; set; }
        public string Tier { get; set; } = "";
        public string Method { get; set; } = "";
        public string Path { get; set; } = "";
        public int Status { get; set; }
        public long ElapsedUs { get; set; }
        public string Remote { get; set; } = "";

        public AuditEntry ToEntry() => new(
            ArchiveColumns.ToTime(AtUs), KeyId, ServiceWords.ToTier(Tier), Method, Path, Status, ArchiveColumns.ToDuration(ElapsedUs), Remote) { Id = Id };
    }
}
