using System.IO.Compression;
using System.Text.Json;

namespace Assay.Suites;

/// <summary>Reads JSON Lines, plain or gzip-compressed (by the <c>.gz</c> extension), one object per non-blank line.</summary>
internal static class JsonLines
{
    /// <summary>Yields (line number, object) for each non-blank line; a line that is not a JSON object is an error naming it.</summary>
    public static IEnumerable<(int Line, JsonElement Value)> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file", path);
        }

        using var file = File.OpenRead(path);
        using var stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionMode.Decompress)
            : (Stream)file;
        using var reader = new StreamReader(stream);
        var number = 0;
        while (ReadLine(reader, path, number) is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonElement value;
            try
            {
                using var document = JsonDocument.Parse(text);
                value = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw SuiteFormatException.At(path, number, $"not valid JSON ({ex.Message})", ex);
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw SuiteFormatException.At(path, number, $"expected a JSON object, found {value.ValueKind}");
            }

            yield return (number, value);
        }
    }

    /// <summary>The string field <paramref name="name"/>, or an error naming file, line and field.</summary>
    public static string RequiredString(JsonElement value, string name, string path, int line) =>
        OptionalString(value, name, path, line)
        ?? throw SuiteFormatException.At(path, line, $"missing field '{name}'");

    /// <summary>The string field <paramref name="name"/> if present; an error if present with another type.</summary>
    public static string? OptionalString(JsonElement value, string name, string path, int line)
    {
        if (!value.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return field.ValueKind == JsonValueKind.String
            ? field.GetString()
            : throw SuiteFormatException.At(path, line, $"field '{name}' must be a string, found {field.ValueKind}");
    }

    private static string? ReadLine(StreamReader reader, string path, int line)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (InvalidDataException ex)
        {
            throw SuiteFormatException.At(path, line + 1, $"corrupt gzip data ({ex.Message})", ex);
        }
    }
}
