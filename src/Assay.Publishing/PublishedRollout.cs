using System.Text.Json;
using Assay.Core;

namespace Assay.Publishing;

/// <summary>A rollout with the conversation it answered: the system message and prompt exactly as they were sent.</summary>
/// <param name="Rollout">The archived rollout.</param>
/// <param name="System">The system message sent before the prompt, if any.</param>
/// <param name="Prompt">The user message sent.</param>
public sealed record PublishedRollout(Rollout Rollout, string? System, string Prompt)
{
    /// <summary>
    /// Reads the prompt and system message from the rollout's archived request (<c>prompt</c>, <c>system</c>: what the
    /// campaign engine sends), falling back to the problem's stored prompt when the request does not hold one. Null when
    /// neither does.
    /// </summary>
    public static PublishedRollout? From(Rollout rollout, string? problemPrompt)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        string? prompt = null, system = null;
        try
        {
            using var request = JsonDocument.Parse(rollout.Request);
            if (request.RootElement.ValueKind == JsonValueKind.Object)
            {
                prompt = Text(request.RootElement, "prompt");
                system = Text(request.RootElement, "system");
            }
        }
        catch (JsonException)
        {
            // A request archived as something other than JSON says nothing about the prompt; the problem may.
        }

        prompt ??= problemPrompt;
        return prompt is null ? null : new PublishedRollout(rollout, system, prompt);
    }

    private static string? Text(JsonElement request, string name) =>
        request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
