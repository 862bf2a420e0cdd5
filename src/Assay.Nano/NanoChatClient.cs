using System.Runtime.CompilerServices;
using Assay.Core;
using Microsoft.Extensions.AI;

namespace Assay.Nano;

/// <summary>
/// nano as an <see cref="IChatClient"/>, in process. nano answers one user turn, so the prompt is the last user
/// message. Per-token logprobs are asked for with the options property <c>assay.top_logprobs</c> (an int) and come
/// back in the response property <c>assay.logprobs</c> (a list of <see cref="TokenLogprob"/>), the keys the rollout
/// pipeline's decorators use. <c>ChatOptions.AdditionalProperties["n"]</c> is not read: one response, one sample.
/// </summary>
public sealed class NanoChatClient : IChatClient
{
    /// <summary>Options property: alternatives per position to return with each token's logprob (<see cref="int"/>).</summary>
    public const string TopLogprobsKey = "assay.top_logprobs";

    /// <summary>Response property: the per-token logprobs (<see cref="IReadOnlyList{TokenLogprob}"/>), when asked for.</summary>
    public const string LogprobsKey = "assay.logprobs";

    private readonly NanoModel _model;
    private readonly string _modelId;

    /// <summary>Serves <paramref name="model"/> under the name <paramref name="modelId"/>.</summary>
    public NanoChatClient(NanoModel model, string modelId)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        _model = model;
        _modelId = modelId;
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = Prompt(messages);
        var request = Request(options);
        // Sampling is CPU-bound: run it off the caller's thread so many concurrent rollouts share the cores.
        return Task.Run(
            () =>
            {
                var sample = NanoSampler.Generate(_model, prompt, request, cancellationToken)[0];
                var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, sample.Text))
                {
                    ModelId = _modelId,
                    FinishReason = Finish(sample),
                    Usage = Usage(sample),
                    RawRepresentation = sample,
                };
                if (sample.Logprobs is not null)
                {
                    response.AdditionalProperties = new() { [LogprobsKey] = sample.Logprobs };
                }

                return response;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = Prompt(messages);
        var request = Request(options);
        var responseId = Guid.NewGuid().ToString("N");
        // Text is yielded as it is generated; a stop string's possible start waits until it cannot be one.
        var stream = LiveGeneration.Start(report => NanoSampler.Generate(_model, prompt, request, report, cancellationToken)[0], cancellationToken);
        await foreach (var delta in stream.Deltas.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (delta.Text.Length > 0)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, delta.Text) { ModelId = _modelId, ResponseId = responseId };
            }
        }

        var sample = await stream.Result.ConfigureAwait(false);
        var last = new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(sample))])
        {
            ModelId = _modelId,
            ResponseId = responseId,
            FinishReason = Finish(sample),
            RawRepresentation = sample,
        };
        if (sample.Logprobs is not null)
        {
            last.AdditionalProperties = new() { [LogprobsKey] = sample.Logprobs };
        }

        yield return last;
    }

    private static ChatFinishReason Finish(SampleResult sample) =>
        sample.FinishReason == FinishReason.Stop ? ChatFinishReason.Stop : ChatFinishReason.Length;

    private static UsageDetails Usage(SampleResult sample) => new()
    {
        InputTokenCount = sample.PromptTokens,
        OutputTokenCount = sample.CompletionTokens,
        TotalTokenCount = sample.PromptTokens + sample.CompletionTokens,
    };

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("nano", null, _modelId)
            : serviceType.IsInstanceOfType(_model) ? _model
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static string Prompt(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var user = messages.LastOrDefault(m => m.Role == ChatRole.User)
            ?? throw new ArgumentException("nano needs a user message to answer", nameof(messages));
        return user.Text;
    }

    private static SamplingRequest Request(ChatOptions? options)
    {
        var top = options?.AdditionalProperties?.TryGetValue(TopLogprobsKey, out var value) == true && value is int k ? k : (int?)null;
        return new SamplingRequest
        {
            N = 1,
            Temperature = (float)(options?.Temperature ?? 1.0f),
            TopP = (float)(options?.TopP ?? 1.0f),
            TopK = options?.TopK ?? 0,
            MaxTokens = options?.MaxOutputTokens ?? 256,
            Stop = options?.StopSequences?.ToList() ?? [],
            Seed = options?.Seed is { } seed ? unchecked((int)seed) : null,
            Logprobs = top is not null,
            TopLogprobs = top ?? 0,
        };
    }
}
