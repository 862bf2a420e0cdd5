using System.Buffers;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;

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
        if (connection is NpgsqlConnection postgres)
        {
            await AppendAuditAsync(postgres, entries, cancellationToken);
            return;
        }

        // One statement over the batch as a JSON array of rows, bound once: binding eight named parameters per row, a row
        // at a time, cost the server more than anything else it does per audited request.
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_log (at_us, key_id, tier, method, path, status, elapsed_us, remote) " +
            "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), " +
            "json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[6]'), json_extract(value, '$[7]') " +
            "FROM json_each(@Rows) ORDER BY key",
            new { Rows = AuditRowsJson(entries) },
            cancellationToken: cancellationToken));
    }

    private static string AuditRowsJson(IReadOnlyList<AuditEntry> entries)
    {
        var buffer = new ArrayBufferWriter<byte>(entries.Count * 160);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var e in entries)
            {
                json.WriteStartArray();
                json.WriteNumberValue(ArchiveColumns.ToMicroseconds(e.At));
                if (e.KeyId is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    json.WriteStringValue(e.KeyId);
                }

                json.WriteStringValue(ServiceWords.ToWord(e.Tier));
                json.WriteStringValue(e.Method);
                json.WriteStringValue(e.Path);
                json.WriteNumberValue(e.Status);
                json.WriteNumberValue(ArchiveColumns.ToMicroseconds(e.Elapsed));
                json.WriteStringValue(e.Remote);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // A batch as one statement over one array per column: one round trip, where a row at a time would make one per
    // audited request (thousands a second under load).
    private static async Task AppendAuditAsync(NpgsqlConnection connection, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO audit_log (at_us, key_id, tier, method, path, status, elapsed_us, remote) " +
            "SELECT * FROM unnest(@at_us, @key_id, @tier, @method, @path, @status, @elapsed_us, @remote)",
            connection);
        command.Parameters.Add(new NpgsqlParameter<long[]>("at_us", [.. entries.Select(e => ArchiveColumns.ToMicroseconds(e.At))]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("key_id", [.. entries.Select(e => e.KeyId)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]>("tier", [.. entries.Select(e => ServiceWords.ToWord(e.Tier))]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("method", [.. entries.Select(e => e.Method)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("path", [.. entries.Select(e => e.Path)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("status", [.. entries.Select(e => e.Status)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("elapsed_us", [.. entries.Select(e => ArchiveColumns.ToMicroseconds(e.Elapsed))]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("remote", [.. entries.Select(e => e.Remote)]));
        await command.ExecuteNonQueryAsync(cancellationToken);
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
