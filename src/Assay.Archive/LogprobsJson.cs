using System.Text.Json;
using System.Text.Json.Serialization;
using Assay.Core;

namespace Assay.Archive;

/// <summary>
/// The <c>logprobs</c> column: the token list as compact JSON,
/// <c>[{"token":"a","logprob":-0.1,"top":[{"token":"b","logprob":-2.3}]}]</c>.
/// A token the model gave probability zero has log-probability -Infinity, which JSON cannot spell as a
/// number, so named floating-point literals are allowed.
/// </summary>
internal static class LogprobsJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string? Serialize(IReadOnlyList<TokenLogprob>? logprobs) =>
        logprobs is null ? null : JsonSerializer.Serialize(logprobs, Options);

    public static IReadOnlyList<TokenLogprob>? Deserialize(string? json, string rolloutId) =>
        json is null
            ? null
            : JsonSerializer.Deserialize<List<TokenLogprob>>(json, Options)
                ?? throw new InvalidDataException($"Rollout {rolloutId}: column logprobs holds JSON null.");
}
