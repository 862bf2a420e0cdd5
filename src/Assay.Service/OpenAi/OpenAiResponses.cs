using System.Text;
using Assay.Core;
using Assay.Nano;

namespace Assay.Service.OpenAi;

/// <summary>The JSON bodies of OpenAI's chat and text completion responses and stream chunks, built from nano samples.</summary>
internal static class OpenAiResponses
{
    public static object Chat(string id, long created, string model, IReadOnlyList<SampleResult> samples, bool logprobs) => new
    {
        id,
        @object = "chat.completion",
        created,
        model,
        choices = samples.Select((s, i) => new
        {
            index = i,
            message = new { role = "assistant", content = s.Text },
            logprobs = logprobs ? ChatLogprobs(s.Logprobs) : null,
            finish_reason = Finish(s.FinishReason),
        }),
        usage = Usage(samples),
    };

    public static object ChatChunk(string id, long created, string model, int index, object delta, FinishReason? finished, IReadOnlyList<TokenLogprob>? logprobs) => new
    {
        id,
        @object = "chat.completion.chunk",
        created,
        model,
        choices = new[]
        {
            new
            {
                index,
                delta,
                logprobs = logprobs is null ? null : ChatLogprobs(logprobs),
                finish_reason = finished is { } reason ? Finish(reason) : null,
            },
        },
    };

    public static object UsageChunk(string id, long created, string model, IReadOnlyList<SampleResult> samples) => new
    {
        id,
        @object = "chat.completion.chunk",
        created,
        model,
        choices = Array.Empty<object>(),
        usage = Usage(samples),
    };

    public static object Text(string id, long created, string model, IReadOnlyList<SampleResult> samples, string prompt, bool echo, bool logprobs) => new
    {
        id,
        @object = "text_completion",
        created,
        model,
        choices = samples.Select((s, i) => new
        {
            index = i,
            text = echo ? prompt + s.Text : s.Text,
            logprobs = logprobs ? TextLogprobs(s.Logprobs, echo ? prompt.Length : 0) : null,
            finish_reason = Finish(s.FinishReason),
        }),
        usage = Usage(samples),
    };

    public static object TextChunk(string id, long created, string model, int index, string text, FinishReason? finished, object? logprobs) => new
    {
        id,
        @object = "text_completion",
        created,
        model,
        choices = new[] { new { index, text, logprobs, finish_reason = finished is { } reason ? Finish(reason) : null } },
    };

    public static object Usage(IReadOnlyList<SampleResult> samples)
    {
        // As OpenAI bills n samples: the prompt once, every completion token.
        var prompt = samples.Count == 0 ? 0 : samples[0].PromptTokens;
        var completion = samples.Sum(s => s.CompletionTokens);
        return new { prompt_tokens = prompt, completion_tokens = completion, total_tokens = prompt + completion };
    }

    // OpenAI sends a token's UTF-8 bytes as a list of integers (a byte[] would serialise as base64).
    private static int[] Bytes(string token) => Encoding.UTF8.GetBytes(token).Select(b => (int)b).ToArray();

    private static string Finish(FinishReason reason) => reason == FinishReason.Stop ? "stop" : "length";

    private static object ChatLogprobs(IReadOnlyList<TokenLogprob>? tokens) => new
    {
        content = (tokens ?? []).Select(t => new
        {
            token = t.Token,
            logprob = t.Logprob,
            bytes = Bytes(t.Token),
            top_logprobs = t.Top.Select(a => new { token = a.Token, logprob = a.Logprob, bytes = Bytes(a.Token) }),
        }),
    };

    /// <summary>
    /// The legacy completions' logprobs object for <paramref name="tokens"/>, whose first token starts at character
    /// <paramref name="offset"/> of the choice's text. As OpenAI's, each position's <c>top_logprobs</c> holds the
    /// sampled token besides the most likely ones ("up to logprobs+1 elements").
    /// </summary>
    public static object TextLogprobs(IReadOnlyList<TokenLogprob>? tokens, int offset)
    {
        var list = tokens ?? [];
        var offsets = new List<int>(list.Count);
        foreach (var token in list)
        {
            offsets.Add(offset);
            offset += token.Token.Length;
        }

        return new
        {
            tokens = list.Select(t => t.Token),
            token_logprobs = list.Select(t => t.Logprob),
            top_logprobs = list.Select(TopWithSampled),
            text_offset = offsets,
        };
    }

    private static Dictionary<string, double> TopWithSampled(TokenLogprob token)
    {
        var top = token.Top.GroupBy(a => a.Token).ToDictionary(g => g.Key, g => g.First().Logprob);
        top.TryAdd(token.Token, token.Logprob);
        return top;
    }
}
