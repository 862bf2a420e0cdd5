using System.Text.Json;

namespace Assay.Service.OpenAi;

/// <summary>
/// Reads and validates the bodies of <c>/v1/chat/completions</c> and <c>/v1/completions</c>. Every refusal is an
/// <see cref="OpenAiRequestException"/> naming the field, as OpenAI's API does.
/// </summary>
public static class GenerationRequestReader
{
    private const int MaxN = 128;

    /// <summary>Reads a chat completion request.</summary>
    public static GenerationRequest ReadChat(JsonElement body, int defaultMaxTokens)
    {
        RequireObject(body);
        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            throw new OpenAiRequestException("'messages' is a required array", "messages");
        }

        var turns = new List<(string, string)>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var field = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw new OpenAiRequestException($"'{field}' must be an object", field);
            }

            var role = String(message, "role", field) ?? throw new OpenAiRequestException($"'{field}.role' is required", $"{field}.role");
            if (role is not ("system" or "developer" or "user" or "assistant"))
            {
                throw new OpenAiRequestException($"'{field}.role' must be one of system, developer, user, assistant; got '{role}'", $"{field}.role");
            }

            turns.Add((role, Content(message, field)));
        }

        if (turns.Count == 0)
        {
            throw new OpenAiRequestException("'messages' must hold at least one message", "messages");
        }

        var logprobs = Bool(body, "logprobs") ?? false;
        var top = Int(body, "top_logprobs", 0, 20);
        if (top is not null && !logprobs)
        {
            throw new OpenAiRequestException("'top_logprobs' requires 'logprobs' to be true", "top_logprobs");
        }

        var maxTokens = Int(body, "max_completion_tokens", 1, int.MaxValue) ?? Int(body, "max_tokens", 1, int.MaxValue) ?? defaultMaxTokens;
        return Common(body, turns, null, maxTokens, logprobs ? top ?? 0 : null, echo: false);
    }

    /// <summary>Reads a text completion request.</summary>
    public static GenerationRequest ReadText(JsonElement body)
    {
        RequireObject(body);
        if (!body.TryGetProperty("prompt", out var promptField))
        {
            throw new OpenAiRequestException("'prompt' is required", "prompt");
        }

        var prompt = promptField.ValueKind switch
        {
            JsonValueKind.String => Text(promptField, "prompt"),
            JsonValueKind.Array when promptField.GetArrayLength() == 1 && promptField[0].ValueKind == JsonValueKind.String => Text(promptField[0], "prompt"),
            JsonValueKind.Array => throw new OpenAiRequestException("'prompt' as an array must hold exactly one string here", "prompt"),
            _ => throw new OpenAiRequestException("'prompt' must be a string", "prompt"),
        };
        var logprobs = Int(body, "logprobs", 0, 5);
        return Common(body, null, prompt, Int(body, "max_tokens", 1, int.MaxValue) ?? 16, logprobs, Bool(body, "echo") ?? false);
    }

    private static GenerationRequest Common(JsonElement body, List<(string, string)>? messages, string? prompt, int maxTokens, int? topLogprobs, bool echo)
    {
        var model = String(body, "model", null) ?? throw new OpenAiRequestException("'model' is required", "model");
        var stream = Bool(body, "stream") ?? false;
        var streamUsage = body.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object
            && (Bool(options, "include_usage") ?? false);
        return new GenerationRequest(
            model,
            messages,
            prompt,
            Int(body, "n", 1, MaxN) ?? 1,
            Number(body, "temperature", 0, 2) ?? 1.0,
            Number(body, "top_p", 0, 1) ?? 1.0,
            maxTokens,
            Stop(body),
            Seed(body),
            topLogprobs,
            stream,
            streamUsage,
            echo);
    }

    private static void RequireObject(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new OpenAiRequestException("the request body must be a JSON object", param: null);
        }
    }

    private static string Content(JsonElement message, string field)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return "";
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return Text(content, $"{field}.content");
        }

        if (content.ValueKind == JsonValueKind.Array)
        {
            // The parts form: [{"type": "text", "text": "..."}]; nano reads text only.
            var parts = new List<string>();
            foreach (var part in content.EnumerateArray())
            {
                if (String(part, "type", $"{field}.content") != "text" || String(part, "text", $"{field}.content") is not { } text)
                {
                    throw new OpenAiRequestException($"'{field}.content' may hold only text parts", $"{field}.content");
                }

                parts.Add(text);
            }

            return string.Concat(parts);
        }

        throw new OpenAiRequestException($"'{field}.content' must be a string or an array of text parts", $"{field}.content");
    }

    private static List<string> Stop(JsonElement body)
    {
        if (!body.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var values = stop.ValueKind switch
        {
            JsonValueKind.String => [Text(stop, "stop")],
            JsonValueKind.Array => stop.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String
                ? Text(s, "stop")
                : throw new OpenAiRequestException("'stop' must be a string or an array of strings", "stop")).ToList(),
            _ => throw new OpenAiRequestException("'stop' must be a string or an array of strings", "stop"),
        };
        if (values.Count > 4 || values.Any(string.IsNullOrEmpty))
        {
            throw new OpenAiRequestException("'stop' takes up to 4 non-empty strings", "stop");
        }

        return values;
    }

    private static string? String(JsonElement body, string name, string? parent)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var param = parent is null ? name : $"{parent}.{name}";
        return value.ValueKind == JsonValueKind.String ? Text(value, param) : throw new OpenAiRequestException($"'{param}' must be a string", param);
    }

    // JSON may spell a lone surrogate ("\ud800"), which is no Unicode text: System.Text.Json refuses to read it as a
    // string, and the client is told which field holds it.
    private static string Text(JsonElement value, string param)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new OpenAiRequestException($"'{param}' is not valid Unicode text: it holds a lone surrogate", param);
        }
    }

    // OpenAI's seed is a 64-bit integer; clients (the campaign engine among them) send values past int.MaxValue.
    private static long? Seed(JsonElement body) =>
        !body.TryGetProperty("seed", out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seed) ? seed
        : throw new OpenAiRequestException("'seed' must be an integer", "seed");

    private static bool? Bool(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw new OpenAiRequestException($"'{name}' must be a boolean", name);

    private static int? Int(JsonElement body, string name, int min, int max)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw new OpenAiRequestException($"'{name}' must be an integer", name);
        }

        return number < min || number > max
            ? throw new OpenAiRequestException($"'{name}' must be between {min} and {max}; got {number}", name)
            : number;
    }

    private static double? Number(JsonElement body, string name, double min, double max)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new OpenAiRequestException($"'{name}' must be a number", name);
        }

        var number = value.GetDouble();
        return number < min || number > max || double.IsNaN(number)
            ? throw new OpenAiRequestException($"'{name}' must be between {min} and {max}; got {number}", name)
            : number;
    }
}
