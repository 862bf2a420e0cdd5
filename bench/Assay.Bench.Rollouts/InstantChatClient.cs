using Microsoft.Extensions.AI;

namespace Assay.Bench.Rollouts;

/// <summary>An in-process policy that answers at once with usage, to measure the engine without HTTP.</summary>
internal sealed class InstantChatClient(Func<string, long?, string> respond) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = messages.Last().Text;
        var answer = respond(prompt, options?.Seed);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
        {
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = (prompt.Length + 3) / 4, OutputTokenCount = (answer.Length + 3) / 4 },
        });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
