using System.Globalization;

namespace Assay.Service.ResultsApi;

/// <summary>Parses the API's query parameters; each failure is a message naming what was expected, for a 400 naming the parameter.</summary>
internal static class QueryText
{
    /// <summary>The longest value a text filter (model, suite, problem) may have.</summary>
    public const int MaxTextLength = 512;

    public static string? TextError(string? value) => value switch
    {
        null => null,
        { Length: 0 } => "must not be empty",
        { Length: > MaxTextLength } => $"at most {MaxTextLength} characters",
        // PostgreSQL text cannot hold NUL, and no model, suite or problem name has control characters.
        _ when value.Any(char.IsControl) => "must not contain control characters",
        _ => null,
    };

    /// <summary>A comma-separated list of k (1 to 1000, at most 8 of them), or null for the default 1, 10, 100.</summary>
    public static (IReadOnlyList<int>? Ks, string? Error) ParseKs(string? text)
    {
        if (text is null)
        {
            return (null, null);
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var ks = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k is < 1 or > 1000)
            {
                return (null, $"expected comma-separated integers from 1 to 1000, got '{Shorten(part)}'");
            }

            ks.Add(k);
        }

        return ks.Count is 0 or > 8 ? (null, "expected 1 to 8 values of k") : ([.. ks.Distinct().Order()], null);
    }

    /// <summary>A page size from 1 to <paramref name="max"/>; <paramref name="fallback"/> when absent.</summary>
    public static (int Limit, string? Error) ParseLimit(string? text, int fallback, int max) =>
        text is null ? (fallback, null)
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1 && limit <= max ? (limit, null)
        : (0, $"expected an integer from 1 to {max}, got '{Shorten(text)}'");

    /// <summary>A date as yyyy-MM-dd.</summary>
    public static (DateOnly? Date, string? Error) ParseDate(string? text) =>
        text is null ? (null, null)
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? (date, null)
        : (null, $"expected a date as yyyy-MM-dd, got '{Shorten(text)}'");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
