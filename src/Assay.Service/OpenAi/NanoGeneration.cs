using Assay.Core;
using Assay.Nano;

namespace Assay.Service.OpenAi;

/// <summary>Turns a validated <see cref="GenerationRequest"/> into nano samples.</summary>
internal static class NanoGeneration
{
    private static readonly string EndToken = NanoTokenizer.TokenText(NanoTokenizer.End);

    /// <summary>
    /// Checks what only the model can check (a conversation nano's chat template can hold, a prompt that fits the
    /// context) and builds the prompt tokens and sampling request. Throws <see cref="OpenAiRequestException"/> before
    /// anything is generated, so a streaming request is refused with a status code, not inside an event stream.
    /// </summary>
    public static (int[] Prompt, SamplingRequest Sampling) Prepare(NanoModel model, GenerationRequest request)
    {
        var chat = request.Messages is not null;
        var promptTokens = chat ? NanoTokenizer.EncodeConversation(Turns(request.Messages!)) : NanoTokenizer.Encode(request.Prompt!);
        if (!chat && promptTokens.Length == 0)
        {
            throw new OpenAiRequestException("'prompt' must not be empty", "prompt");
        }

        if (promptTokens.Length >= model.Config.Context)
        {
            throw new OpenAiRequestException(
                $"This model's maximum context length is {model.Config.Context} tokens; the prompt is {promptTokens.Length} tokens",
                chat ? "messages" : "prompt", 400, "invalid_request_error", "context_length_exceeded");
        }

        var sampling = new SamplingRequest
        {
            N = request.N,
            Temperature = (float)request.Temperature,
            TopP = request.TopP <= 0 ? 1e-6f : (float)request.TopP,
            MaxTokens = Math.Min(request.MaxTokens, model.Config.Context - promptTokens.Length),
            Stop = request.Stop,
            Seed = request.Seed is { } seed ? unchecked((int)(seed ^ (seed >> 32))) : null,
            Logprobs = request.TopLogprobs is not null,
            TopLogprobs = request.TopLogprobs ?? 0,
            Chat = chat,
        };
        return (promptTokens, sampling);
    }

    /// <summary>
    /// Generates the samples of a prepared request; with <paramref name="onDelta"/>, reports them as they grow.
    /// OpenAI's logprobs cover the returned text only: nano's end-of-answer token is billed but not listed, in the
    /// samples and in the deltas alike.
    /// </summary>
    public static IReadOnlyList<SampleResult> Run(
        NanoModel model, int[] prompt, SamplingRequest sampling, Action<SampleDelta>? onDelta, CancellationToken cancellationToken)
    {
        Action<SampleDelta>? report = onDelta is null ? null : d => onDelta(d.Logprobs is null ? d : d with { Logprobs = WithoutEnd(d.Logprobs) });
        var samples = NanoSampler.Generate(model, prompt, sampling, report, cancellationToken);
        return samples.Select(s => s.Logprobs is null ? s : s with { Logprobs = WithoutEnd(s.Logprobs) }).ToList();
    }

    /// <summary>
    /// The conversation as nano's chat template holds it: user and assistant turns alternating, from a user turn to a
    /// user turn. nano has no system turn, and a conversation it cannot hold is refused naming the message, rather than
    /// answered from part of it.
    /// </summary>
    private static List<string> Turns(IReadOnlyList<(string Role, string Content)> messages)
    {
        var turns = new List<string>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var (role, content) = messages[i];
            var expected = turns.Count % 2 == 0 ? "user" : "assistant";
            if (role is "system" or "developer")
            {
                throw new OpenAiRequestException(
                    $"'messages[{i}].role' is '{role}': nano's chat template has no {role} turn; put the instruction in the user message",
                    $"messages[{i}].role");
            }

            if (role != expected)
            {
                throw new OpenAiRequestException(
                    $"'messages[{i}].role' must be '{expected}': nano's chat template holds user and assistant turns alternating, starting with a user turn",
                    $"messages[{i}].role");
            }

            turns.Add(content);
        }

        return turns.Count % 2 == 1
            ? turns
            : throw new OpenAiRequestException($"'messages[{messages.Count - 1}].role' must be 'user': the conversation must end with a user turn", $"messages[{messages.Count - 1}].role");
    }

    private static List<TokenLogprob> WithoutEnd(IReadOnlyList<TokenLogprob> logprobs) =>
        logprobs.Where(t => t.Token != EndToken).ToList();
}
