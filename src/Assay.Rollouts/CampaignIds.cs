using System.Globalization;

namespace Assay.Rollouts;

/// <summary>New campaign ids: sortable by time, unique with high probability, easy to type after <c>--resume</c>.</summary>
public static class CampaignIds
{
    /// <summary>An id like <c>20261123-112233-7f3a9c</c>.</summary>
    public static string New(TimeProvider time, Random random)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        var now = time.GetUtcNow();
        return $"{now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{random.Next(0x1000000).ToString("x6", CultureInfo.InvariantCulture)}";
    }
}
