using System.Security.Cryptography;
using System.Text;

namespace Assay.Core;

/// <summary>
/// Rollout ids are derived, not random, so that a resumed campaign recognises what it already has:
/// the same (campaign, problem, sample index) always yields the same id.
/// </summary>
public static class RolloutId
{
    /// <summary>The id of sample <paramref name="sampleIndex"/> of <paramref name="problemId"/> in a campaign.</summary>
    public static string For(string campaignId, string problemId, int sampleIndex)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(problemId);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleIndex);
        var key = $"{campaignId}\n{problemId}\n{sampleIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
