using Microsoft.Extensions.AI;

namespace Assay.Rollouts.Tests;

/// <summary>A hand-written fake in M.E.AI's TestChatClient style: one callback per call path, counting calls and keeping
/// the options of the latest one. Without <paramref name="stream"/>, streaming is not supported.</summary>
internal sealed class ScriptedChatClient(
    Func<int, CancellationToken, Task<ChatResponse>> respond,
    Func<int, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? stream = null) : IChatClient
{
    private int _calls;
    private int _streamCalls;

    public int Calls => Volatile.Read(ref _calls);

    public int StreamCalls => Volatile.Read(ref _streamCalls);

    public ChatOptions? LastOptions { get; private set; }

    /// <summary>A client that only streams.</summary>
    public static ScriptedChatClient Streaming(Func<int, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> stream) =>
        new((_, _) => throw new NotSupportedException(), stream);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        LastOptions = options;
        return respond(Interlocked.Increment(ref _calls), cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        LastOptions = options;
        return stream is null ? throw new NotSupportedException() : stream(Interlocked.Increment(ref _streamCalls), cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    public static ChatResponse Answer(string text) => new(new ChatMessage(ChatRole.Assistant, text));
}
