using Microsoft.Extensions.AI;

namespace Assay.Rollouts.Tests;

/// <summary>A hand-written fake in M.E.AI's TestChatClient style: one callback per call, counting calls.</summary>
internal sealed class ScriptedChatClient(Func<int, CancellationToken, Task<ChatResponse>> respond) : IChatClient
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        respond(Interlocked.Increment(ref _calls), cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    public static ChatResponse Answer(string text) => new(new ChatMessage(ChatRole.Assistant, text));
}
