using System.Text.Json;

namespace Assay.Rollouts;

/// <summary>Reads an OpenAI-compatible service's <c>GET /models</c> for the context length a model states: vLLM calls
/// it <c>max_model_len</c>, llama.cpp, LM Studio and OpenRouter <c>context_length</c>; OpenAI states none.</summary>
public static class OpenAiModels
{
    /// <summary>The context of <paramref name="spec"/>'s model, or null when the service does not state one (or does not
    /// answer: the probe request then says what is wrong).</summary>
    public static async Task<ModelContext?> GetContextAsync(HttpClient http, ModelSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Scheme != "openai" || spec.BaseUrl is null)
        {
            return null;
        }

        var url = new Uri(spec.BaseUrl.OriginalString.TrimEnd('/') + "/models");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await http.GetAsync(url, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var document = await JsonDocument.ParseAsync(
                await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false), default, timeout.Token).ConfigureAwait(false);
            return Find(document.RootElement, spec.Model) is { } tokens ? ModelContext.Stated(tokens, $"GET {url}") : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The stated context of <paramref name="model"/> in a <c>/models</c> list, or null.</summary>
    public static int? Find(JsonElement root, string model)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var entry in data.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object
                && entry.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == model)
            {
                foreach (var name in (ReadOnlySpan<string>)["max_model_len", "context_length"])
                {
                    if (entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var tokens) && tokens > 0)
                    {
                        return tokens;
                    }
                }
            }
        }

        return null;
    }
}
