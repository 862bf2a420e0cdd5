using Assay.Nano;

namespace Assay.Service.OpenAi;

/// <summary>Turns a validated <see cref="GenerationRequest"/> into nano samples.</summary>
internal static class NanoGeneration
{
    private static readonly string EndToken = NanoTokenizer.TokenText(NanoTokenizer.End);

    public static IReadOnlyList<SampleResult> Run(NanoModel model, GenerationRequest request, CancellationToken cancellationToken)
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
        var samples = NanoSampler.Generate(model, prompt, sampling, cancellationToken);

        // OpenAI's logprobs cover the returned text only: nano's end-of-answer token is billed but not listed.
        return samples.Select(s => s.Logprobs is null ? s : s with { Logprobs = s.Logprobs.Where(t => t.Token != EndToken).ToList() }).ToList();
    }
}
