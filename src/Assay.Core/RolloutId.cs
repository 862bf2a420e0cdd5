using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Assay.Core;

/// <summary>
/// Rollout ids are derived, not random, so that a resumed campaign recognises what it already has:
/// the same (campaign, problem, sample index, attempt) always yields the same id.
/// </summary>
public static class RolloutId
{
    /// <summary>The id of attempt <paramref name="attempt"/> at sample <paramref name="sampleIndex"/> of
    /// <paramref name="problemId"/> in a campaign.</summary>
    /// <remarks>Attempt 0 hashes exactly what ids hashed before attempts existed, so archived campaigns keep their ids.</remarks>
    public static string For(string campaignId, string problemId, int sampleIndex, int attempt = 0)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(problemId);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var key = $"{campaignId}\n{problemId}\n{sampleIndex.ToString(CultureInfo.InvariantCulture)}";
        if (attempt > 0)
        {
            key += $"\n{attempt.ToString(CultureInfo.InvariantCulture)}";
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
