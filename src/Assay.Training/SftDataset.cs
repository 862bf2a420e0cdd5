using System.Text.Json;

namespace Assay.Training;

/// <summary>
/// Reads supervised fine-tuning data as <c>assay publish</c> writes it: one JSON object a line, either chat
/// <c>messages</c> (an optional system turn, a user turn, an assistant turn) or <c>prompt</c> and <c>completion</c>.
/// nano has no system turn, so a line with a system message is refused rather than trained on a prompt it never saw.
/// </summary>
public static class SftDataset
{
    /// <summary>The (prompt, answer) pairs of <paramref name="path"/>, in file order.</summary>
    /// <exception cref="FormatException">A line is not one of the two shapes; the message names file and line.</exception>
    public static IReadOnlyList<Nano.TrainingExample> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var examples = new List<Nano.TrainingExample>();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                examples.Add(Parse(document.RootElement));
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                throw new FormatException($"{path}:{number}: {ex.Message}", ex);
            }
        }

        return examples.Count > 0 ? examples : throw new FormatException($"{path}: no examples");
    }

    private static Nano.TrainingExample Parse(JsonElement line)
    {
        if (line.TryGetProperty("messages", out var messages))
        {
            string? user = null, assistant = null;
            foreach (var message in messages.EnumerateArray())
            {
                var role = message.GetProperty("role").GetString();
                var content = message.GetProperty("content").GetString() ?? "";
                switch (role)
                {
                    case "system":
                        throw new FormatException("a system message: nano's chat format has no system turn");
                    case "user" when user is null:
                        user = content;
                        break;
                    case "assistant" when user is not null && assistant is null:
                        assistant = content;
                        break;
                    default:
                        throw new FormatException($"messages: expected one user then one assistant message, got '{role}' here");
                }
            }

            return new Nano.TrainingExample(
                user ?? throw new FormatException("messages: no user message"),
                assistant ?? throw new FormatException("messages: no assistant message"));
        }

        if (line.TryGetProperty("system", out var system) && system.ValueKind == JsonValueKind.String)
            throw new FormatException("a system message: nano's chat format has no system turn");
        if (line.TryGetProperty("prompt", out var prompt) && line.TryGetProperty("completion", out var completion))
            return new Nano.TrainingExample(prompt.GetString() ?? "", completion.GetString() ?? "");
        throw new FormatException("expected 'messages', or 'prompt' and 'completion'");
    }
}
