using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Assay.Core;
using Dapper;

namespace Assay.Archive.Results;

/// <summary>
/// The service's API keys in the archive (<c>api_keys</c>). A key's text is <c>assay_ID_SECRET</c>: the id finds the
/// row, and the SHA-256 of the whole text is compared with the stored one in constant time, so neither a wrong secret
/// nor a wrong id can be told apart by how long the answer takes.
/// </summary>
public sealed class ServiceKeyStore
{
    private const string Prefix = "assay_";
    private const string Columns = "id AS Id, name AS Name, tier AS Tier, created_at_us AS CreatedAtUs, revoked_at_us AS RevokedAtUs";

    // Compared against when no row matches, so an unknown id costs the same as a wrong secret.
    private static readonly byte[] s_absentHash = SHA256.HashData("absent"u8);

    private readonly IArchiveConnections _archive;
    private readonly TimeProvider _clock;

    /// <summary>The keys of <paramref name="archive"/> (opened by <see cref="ArchiveFactory"/>); <paramref name="clock"/> stamps them.</summary>
    public ServiceKeyStore(IRolloutArchive archive, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(clock);
        _archive = archive as IArchiveConnections
            ?? throw new ArgumentException($"{archive.GetType().Name} is not an archive the results service can read.", nameof(archive));
        _clock = clock;
    }

    /// <summary>Makes a key of <paramref name="tier"/>; its text is in the result and nowhere else.</summary>
    public async Task<CreatedServiceKey> CreateAsync(Tier tier, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = $"{Prefix}{id}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        var key = new ServiceKey(id, name, tier, TruncatedNow(), null);
        await using var connection = await _archive.OpenDbConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (id, name, tier, key_sha256, created_at_us, revoked_at_us) VALUES (@Id, @Name, @Tier, @Hash, @CreatedAtUs, NULL)",
            new { Id = id, Name = name, Tier = ServiceWords.ToWord(tier), Hash = Convert.ToHexStringLower(Hash(secret)), CreatedAtUs = ArchiveColumns.ToMicroseconds(key.CreatedAt) },
            cancellationToken: cancellationToken));
        return new CreatedServiceKey(key, secret);
    }

    /// <summary>Every key, revoked ones included, oldest first.</summary>
    public async Task<IReadOnlyList<ServiceKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _archive.OpenDbConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<KeyRow>(new CommandDefinition(
            $"SELECT {Columns} FROM api_keys ORDER BY created_at_us, id", cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToKey())];
    }

    /// <summary>Revokes the key <paramref name="id"/>; false when there is no such key or it was already revoked.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _archive.OpenDbConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at_us = @At WHERE id = @Id AND revoked_at_us IS NULL",
            new { Id = id, At = ArchiveColumns.ToMicroseconds(TruncatedNow()) },
            cancellationToken: cancellationToken));
        return changed == 1;
    }

    /// <summary>The working key whose text is <paramref name="secret"/>, or null: unknown, forged or revoked.</summary>
    public async Task<ServiceKey?> VerifyAsync(string secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var id = IdOf(secret);
        StoredKey? stored = null;
        if (id is not null)
        {
            await using var connection = await _archive.OpenDbConnectionAsync(cancellationToken);
            stored = await connection.QuerySingleOrDefaultAsync<StoredKey>(new CommandDefinition(
                $"SELECT {Columns}, key_sha256 AS KeySha256 FROM api_keys WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
        }

        var expected = stored is null ? s_absentHash : Convert.FromHexString(stored.KeySha256);
        var matches = CryptographicOperations.FixedTimeEquals(Hash(secret), expected);
        return matches && stored is { RevokedAtUs: null } ? stored.ToKey() : null;
    }

    private static string? IdOf(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = secret.IndexOf('_', Prefix.Length);
        return end == Prefix.Length + 16 ? secret[Prefix.Length..end] : null;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private DateTimeOffset TruncatedNow() => ArchiveColumns.ToTime(ArchiveColumns.ToMicroseconds(_clock.GetUtcNow()));

    private class KeyRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Tier { get; set; } = "";
        public long CreatedAtUs { get; set; }
        public long? RevokedAtUs { get; set; }

        public ServiceKey ToKey() => new(
            Id, Name, ServiceWords.ToTier(Tier), ArchiveColumns.ToTime(CreatedAtUs), RevokedAtUs is { } at ? ArchiveColumns.ToTime(at) : null);
    }

    private sealed class StoredKey : KeyRow
    {
        public string KeySha256 { get; set; } = "";
    }
}
