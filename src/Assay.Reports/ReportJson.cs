using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assay.Reports;

/// <summary>The report as JSON: every field, every problem, numbers in full, snake_case names and enumeration words.</summary>
public static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The JSON text.</summary>
    public static string Serialize(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Options);
    }
}
