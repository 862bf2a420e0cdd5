using Assay.Core;

namespace Assay.Archive.Results;

/// <summary>How the service's enumerations are spelled in the archive and in its JSON: words, never ordinals.</summary>
public static class ServiceWords
{
    /// <summary><c>public</c>, <c>subscriber</c> or <c>admin</c>.</summary>
    public static string ToWord(Tier tier) => tier switch
    {
        Tier.Public => "public",
        Tier.Subscriber => "subscriber",
        Tier.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown tier."),
    };

    /// <summary>The tier a word names, or null for any other word.</summary>
    public static Tier? ParseTier(string word) => word switch
    {
        "public" => Tier.Public,
        "subscriber" => Tier.Subscriber,
        "admin" => Tier.Admin,
        _ => null,
    };

    internal static Tier ToTier(string word) =>
        ParseTier(word) ?? throw new InvalidDataException($"Archive column api_keys.tier holds unknown value '{word}'.");

    /// <summary>The verdict status a word names (<c>passed</c>, <c>failed</c>, ...), or null for any other word.</summary>
    public static VerdictStatus? ParseStatus(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        foreach (var status in Enum.GetValues<VerdictStatus>())
        {
            if (string.Equals(ArchiveColumns.ToWord(status), word, StringComparison.Ordinal))
            {
                return status;
            }
        }

        return null;
    }

    /// <summary>The status's word, as the archive and the API spell it.</summary>
    public static string ToWord(VerdictStatus status) => ArchiveColumns.ToWord(status);
}
