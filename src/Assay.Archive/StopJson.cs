using System.Text;
using System.Text.Json;

namespace Assay.Archive;

/// <summary>Stop sequences as the <c>campaigns.stop_sequences</c> column spells them: a JSON array of strings.</summary>
internal static class StopJson
{
    public static string Write(IReadOnlyList<string> stops)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var stop in stops)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyList<string> Read(string json, string campaignId)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"Campaign {campaignId}: column stop_sequences is not a JSON array.");
        }

        return [.. document.RootElement.EnumerateArray().Select(e => e.GetString()
            ?? throw new InvalidDataException($"Campaign {campaignId}: column stop_sequences holds a non-string."))];
    }
}
