using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Assay.Archive.Results;

namespace Assay.Service.ResultsApi;

/// <summary>
/// The answers <see cref="ServiceKeyStore.VerifyAsync"/> gave, held in memory by the SHA-256 of the key's text, so a
/// request with a key seen before reads no database. Both answers are kept: a working key's caller, and "does not
/// work" (unknown, forged or revoked), which is final, since a key's text is random and made only with its row, and a
/// revoked key never works again. What can change is a working key being revoked: a revocation through this server
/// takes effect at once (<see cref="Revoke(string)"/>), one made elsewhere (<c>assay keys revoke</c>, another server) when
/// <see cref="ArchiveObserver"/> next reads the revoked keys, within one refresh interval.
/// </summary>
/// <remarks>
/// Looking the hash up in a dictionary reveals, by its timing, at most something about the hash of the text the client
/// sent, never about a stored key's text (SHA-256 has no known preimage attack); the first verification of a key is
/// <see cref="ServiceKeyStore"/>'s constant-time comparison with the stored hash.
/// </remarks>
internal sealed class KnownKeys(ServiceKeyStore store)
{
    /// <summary>Past this many remembered answers all are forgotten, so forged keys cannot grow memory without bound.</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<KeyHash, Caller?> _answers = new();
    private readonly ConcurrentDictionary<string, bool> _revoked = new(StringComparer.Ordinal);

    /// <summary>The caller whose key's text is <paramref name="secret"/>, or null when it does not work.</summary>
    public async ValueTask<Caller?> ResolveAsync(ReadOnlyMemory<char> secret, CancellationToken cancellationToken)
    {
        var hash = KeyHash.Of(secret.Span);
        if (!_answers.TryGetValue(hash, out var caller))
        {
            var key = await store.VerifyAsync(secret.ToString(), cancellationToken);
            caller = key is null ? null : new Caller(key.Id, key.Tier);
            if (_answers.Count >= MaxEntries)
            {
                _answers.Clear();
            }

            _answers[hash] = caller;
        }

        // Checked on every use, so a revocation seen while this key was being verified still counts.
        return caller is not null && !_revoked.ContainsKey(caller.KeyId!) ? caller : null;
    }

    /// <summary>Stops the key <paramref name="id"/> working in this server at once.</summary>
    public void Revoke(string id) => _revoked[id] = true;

    /// <summary>Stops every key of <paramref name="ids"/> (the archive's revoked keys) working.</summary>
    public void Revoke(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            _revoked[id] = true;
        }
    }

    // The SHA-256 of a key's UTF-8 text as four 64-bit words: a dictionary key that costs no allocation.
    private readonly record struct KeyHash(ulong A, ulong B, ulong C, ulong D)
    {
        public static KeyHash Of(ReadOnlySpan<char> text)
        {
            var utf8 = Encoding.UTF8.GetMaxByteCount(text.Length) <= 512 ? stackalloc byte[512] : new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
            var length = Encoding.UTF8.GetBytes(text, utf8);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8[..length], hash);
            var words = MemoryMarshal.Cast<byte, ulong>(hash);
            return new KeyHash(words[0], words[1], words[2], words[3]);
        }
    }
}
