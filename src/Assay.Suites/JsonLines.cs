using System.Text.Json;

namespace Assay.Suites;

/// <summary>
/// Reads JSON Lines, plain or gzip-compressed, one object per non-blank line. Nothing is accepted silently: a gzip
/// file must end with its trailer (<see cref="CheckedGzipStream"/>), every line must be valid UTF-8
/// (<see cref="Utf8Lines"/>), and every string a valid UTF-16 text (no lone surrogate from a <c>\ud800</c> escape).
/// </summary>
internal static class JsonLines
{
    /// <summary>Yields (line number, object) for each non-blank line of a file, gzip by its <c>.gz</c> extension.</summary>
    public static IEnumerable<(int Line, JsonElement Value)> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file", path);
        }

        return Read(() => File.OpenRead(path), path, path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Yields (line number, object) for each non-blank line of the stream <paramref name="open"/> gives;
    /// errors name the input <paramref name="name"/>.</summary>
    public static IEnumerable<(int Line, JsonElement Value)> Read(Func<Stream> open, string name, bool gzip)
    {
        using var raw = open();
        using var stream = gzip ? new CheckedGzipStream(raw, name) : raw;
        foreach (var (number, text) in Utf8Lines.Read(stream, name))
        {
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
                throw SuiteFormatException.At(name, number, $"not valid JSON ({ex.Message})", ex);
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw SuiteFormatException.At(name, number, $"expected a JSON object, found {value.ValueKind}");
            }

            yield return (number, value);
        }
    }

    /// <summary>The string field <paramref name="name"/>, or an error naming file, line and field.</summary>
    public static string RequiredString(JsonElement value, string name, string path, int line) =>
        OptionalString(value, name, path, line)
        ?? throw SuiteFormatException.At(path, line, $"missing field '{name}'");

    /// <summary>The string field <paramref name="name"/> if present; an error if present with another type, or if it
    /// is not valid text (a lone surrogate cannot be encoded for the sandbox, the archive or a terminal).</summary>
    public static string? OptionalString(JsonElement value, string name, string path, int line)
    {
        if (!value.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (field.ValueKind != JsonValueKind.String)
        {
            throw SuiteFormatException.At(path, line, $"field '{name}' must be a string, found {field.ValueKind}");
        }

        string text;
        try
        {
            text = field.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw SuiteFormatException.At(path, line, $"field '{name}': not valid text ({ex.Message})", ex);
        }

        return LoneSurrogateAt(text) is { } index
            ? throw SuiteFormatException.At(path, line, $"field '{name}': not valid text (a lone surrogate U+{(int)text[index]:X4} at character {index + 1})")
            : text;
    }

    private static int? LoneSurrogateAt(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return null;
    }
}
