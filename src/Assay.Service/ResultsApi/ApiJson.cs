using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assay.Service.ResultsApi;

/// <summary>How the results API writes JSON: snake_case names as OpenAI's API does, NaN and infinities as words
/// (log-probabilities can be -Infinity), nulls kept so every field is always present.</summary>
internal static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        return options;
    }
}
