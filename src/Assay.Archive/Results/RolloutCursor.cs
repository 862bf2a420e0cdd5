using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Assay.Archive.Results;

/// <summary>
/// Where a page of the rollout list ended: the last rollout's (time, id). The next page starts strictly after it in
/// (created_at_us, id) descending order, so pages neither skip nor repeat rows however many are archived meanwhile.
/// </summary>
public sealed record RolloutCursor(long CreatedAtUs, string Id)
{
    /// <summary>The opaque text a client sends back as <c>after</c>.</summary>
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{CreatedAtUs}.{Id}")));

    /// <summary>The cursor <paramref name="text"/> encodes, or null when it is not one.</summary>
    public static RolloutCursor? Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }

        var decoded = Encoding.UTF8.GetString(bytes);
        var dot = decoded.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && long.TryParse(decoded.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var at) && dot + 1 < decoded.Length
            ? new RolloutCursor(at, decoded[(dot + 1)..])
            : null;
    }
}
