using System.Globalization;

namespace Assay.Cluster;

/// <summary>A campaign's cluster-wide limits as the coordinator gives them to every worker (text <c>rpm;tpm</c>, empty for none).</summary>
/// <param name="RequestsPerMinute">Requests per minute to the model service, all workers together.</param>
/// <param name="TokensPerMinute">Tokens per minute to the model service, all workers together.</param>
public sealed record ClusterLimits(int? RequestsPerMinute, int? TokensPerMinute)
{
    /// <summary>The key under the campaign's state.</summary>
    public const string Key = "limits";

    /// <summary>No limits.</summary>
    public static ClusterLimits None { get; } = new(null, null);

    /// <summary>Reads the text form.</summary>
    public static ClusterLimits Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(';');
        return new ClusterLimits(Number(parts[0]), parts.Length > 1 ? Number(parts[1]) : null);
    }

    /// <summary>The text form.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RequestsPerMinute};{TokensPerMinute}");

    private static int? Number(string text) => text.Length == 0 ? null : int.Parse(text, CultureInfo.InvariantCulture);
}
