using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Assay.Testing;

/// <summary>
/// A minimal Anthropic Messages API (<c>POST /v1/messages</c>) on 127.0.0.1 that answers at once from a function of
/// the request, with usage; the first <c>failFirst</c> requests get a 500 instead. Enough for the official Anthropic
/// SDK to talk to it.
/// </summary>
public sealed class AnthropicCompatibleServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<CompletionRequest, string> _respond;
    private readonly int _failFirst;
    private readonly ConcurrentQueue<CompletionRequest> _log = new();
    private long _requests;

    private AnthropicCompatibleServer(WebApplication app, Func<CompletionRequest, string> respond, int failFirst)
    {
        _app = app;
        _respond = respond;
        _failFirst = failFirst;
    }

    /// <summary>The base URL to give the Anthropic SDK (it appends <c>/v1/messages</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Requests received so far, failed ones included.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>Requests answered, in arrival order.</summary>
    public IReadOnlyList<CompletionRequest> Requests => [.. _log];

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<AnthropicCompatibleServer> StartAsync(
        Func<CompletionRequest, string> respond, int failFirst = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(respond);
        var app = LoopbackHost.Create();
        var server = new AnthropicCompatibleServer(app, respond, failFirst);
        app.MapPost("/v1/messages", server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        server.BaseUrl = LoopbackHost.Address(app);
        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        CompletionRequest request;
        using (var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false))
        {
            request = OpenAiCompatibleServer.ParseRequest(body.RootElement);
        }

        if (Interlocked.Increment(ref _requests) <= _failFirst)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new { type = "error", error = new { type = "api_error", message = "injected failure" } }, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        _log.Enqueue(request);
        var answer = _respond(request);
        await context.Response.WriteAsJsonAsync(new
        {
            id = "msg_" + RequestCount,
            type = "message",
            role = "assistant",
            model = request.Model,
            content = new[] { new { type = "text", text = answer } },
            stop_reason = "end_turn",
            stop_sequence = (string?)null,
            usage = new { input_tokens = (request.Prompt.Length + 3) / 4, output_tokens = (answer.Length + 3) / 4 },
        }, context.RequestAborted).ConfigureAwait(false);
    }
}
