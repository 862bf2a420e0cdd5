using System.Text;
using System.Text.Json;

namespace Assay.Archive;

/// <summary>A list of strings as the archive's text columns spell it (<c>campaigns.stop_sequences</c>,
/// <c>campaign_problems.entry_points</c>): a JSON array of strings.</summary>
internal static class JsonStringArray
{
    public static string Write(IReadOnlyList<string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads the array; <paramref name="where"/> names the row and column in the error if it is not one.</summary>
    public static IReadOnlyList<string> Read(string json, string where)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{where} is not a JSON array.");
        }

        return [.. document.RootElement.EnumerateArray().Select(e => e.GetString()
            ?? throw new InvalidDataException($"{where} holds a non-string."))];
    }
}
