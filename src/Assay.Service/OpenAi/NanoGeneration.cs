using Assay.Core;
using Assay.Nano;

namespace Assay.Service.OpenAi;

/// <summary>Turns a validated <see cref="GenerationRequest"/> into nano samples.</summary>
internal static class NanoGeneration
{
    private static readonly string EndToken = NanoTokenizer.TokenText(NanoTokenizer.End);

    /// <summary>
    /// Checks what only the model can check (a user turn, a prompt that fits the context) and builds the sampling
    /// request. Throws <see cref="OpenAiRequestException"/> before anything is generated, so a streaming request is
    /// refused with a status code, not inside an event stream.
    /// </summary>
    public static (string Prompt, SamplingRequest Sampling) Prepare(NanoModel model, GenerationRequest request)
    {
        var chat = request.Messages is not null;
        // nano answers one user turn: the last user message is the prompt, as in NanoChatClient.
        var prompt = chat
            ? request.Messages!.LastOrDefault(m => m.Role == "user").Content
                ?? throw new OpenAiRequestException("'messages' must contain a user message", "messages")
            : request.Prompt!;
        var promptTokens = chat ? NanoTokenizer.EncodeChat(prompt).Length : NanoTokenizer.Encode(prompt).Length;
        if (!chat && promptTokens == 0)
        {
            throw new OpenAiRequestException("'prompt' must not be empty", "prompt");
        }

        if (promptTokens >= model.Config.Context)
        {
            throw new OpenAiRequestException(
                $"This model's maximum context length is {model.Config.Context} tokens; the prompt is {promptTokens} tokens",
                chat ? "messages" : "prompt", 400, "invalid_request_error", "context_length_exceeded");
        }

        var sampling = new SamplingRequest
        {
            N = request.N,
            Temperature = (float)request.Temperature,
            TopP = request.TopP <= 0 ? 1e-6f : (float)request.TopP,
            MaxTokens = Math.Min(request.MaxTokens, model.Config.Context - promptTokens),
            Stop = request.Stop,
            Seed = request.Seed is { } seed ? unchecked((int)(seed ^ (seed >> 32))) : null,
            Logprobs = request.TopLogprobs is not null,
            TopLogprobs = request.TopLogprobs ?? 0,
            Chat = chat,
        };
        return (prompt, sampling);
    }

    /// <summary>
    /// Generates the samples of a prepared request; with <paramref name="onDelta"/>, reports them as they grow.
    /// OpenAI's logprobs cover the returned text only: nano's end-of-answer token is billed but not listed, in the
    /// samples and in the deltas alike.
    /// </summary>
    public static IReadOnlyList<SampleResult> Run(
        NanoModel model, string prompt, SamplingRequest sampling, Action<SampleDelta>? onDelta, CancellationToken cancellationToken)
    {
        Action<SampleDelta>? report = onDelta is null ? null : d => onDelta(d.Logprobs is null ? d : d with { Logprobs = WithoutEnd(d.Logprobs) });
        var samples = NanoSampler.Generate(model, prompt, sampling, report, cancellationToken);
        return samples.Select(s => s.Logprobs is null ? s : s with { Logprobs = WithoutEnd(s.Logprobs) }).ToList();
    }

    private static List<TokenLogprob> WithoutEnd(IReadOnlyList<TokenLogprob> logprobs) =>
        logprobs.Where(t => t.Token != EndToken).ToList();
}
