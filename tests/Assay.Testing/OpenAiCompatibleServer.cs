using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Assay.Testing;

/// <summary>
/// An OpenAI-compatible chat server on 127.0.0.1 that answers at once, from a deterministic function of the request,
/// with usage (prompt tokens = ⌈characters/4⌉, completion tokens = number of 4-character pieces of the answer) and,
/// when asked, per-piece logprobs. Small, but a real HTTP server the real OpenAI SDK talks to.
/// </summary>
public sealed class OpenAiCompatibleServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<CompletionRequest, string> _respond;
    private readonly ConcurrentQueue<CompletionRequest>? _log;
    private readonly TimeSpan _latency;
    private readonly ConcurrentQueue<RequestArrival> _arrivals = new();
    private long _requests;

    private OpenAiCompatibleServer(WebApplication app, Func<CompletionRequest, string> respond, bool recordRequests, TimeSpan latency)
    {
        _app = app;
        _respond = respond;
        _log = recordRequests ? new ConcurrentQueue<CompletionRequest>() : null;
        _latency = latency;
    }

    /// <summary>The base URL to give an OpenAI client, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Requests answered so far.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>Every request answered, in arrival order (empty unless started with <c>recordRequests</c>).</summary>
    public IReadOnlyList<CompletionRequest> Requests => _log is null ? [] : [.. _log];

    /// <summary>When each request arrived (wall clock), in arrival order, with the time its sender stamped it
    /// (<c>Assay-Permit-Checked</c>, Unix milliseconds), if it did.</summary>
    public IReadOnlyList<RequestArrival> Arrivals => [.. _arrivals];

    /// <summary>Requests that arrived in each window of length <paramref name="window"/>, windows aligned on Unix time
    /// (window i spans [i·window, (i+1)·window)), keyed by i: what a rate limit of so many per window may not exceed.</summary>
    public IReadOnlyDictionary<long, int> CountPerWindow(TimeSpan window) => _arrivals
        .GroupBy(a => a.At.ToUnixTimeMilliseconds() * TimeSpan.TicksPerMillisecond / window.Ticks)
        .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Forgets every request so far (a warm-up's): counts, log and arrival times start again from zero.</summary>
    public void Forget()
    {
        _arrivals.Clear();
        _log?.Clear();
        Interlocked.Exchange(ref _requests, 0);
    }

    /// <summary>Starts a server on a free loopback port.</summary>
    /// <param name="respond">The answer's text for a request.</param>
    /// <param name="recordRequests">Keep every request for <see cref="Requests"/>.</param>
    /// <param name="latency">How long each answer takes (a slow model); zero answers at once.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<OpenAiCompatibleServer> StartAsync(
        Func<CompletionRequest, string> respond, bool recordRequests = true, TimeSpan latency = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(respond);
        var app = LoopbackHost.Create();
        var server = new OpenAiCompatibleServer(app, respond, recordRequests, latency);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        server.BaseUrl = new Uri(LoopbackHost.Address(app), "v1");
        return server;
    }

    /// <summary>Parses a chat-completions request body.</summary>
    public static CompletionRequest ParseRequest(JsonElement root)
    {
        var messages = root.GetProperty("messages");
        var last = messages[messages.GetArrayLength() - 1].GetProperty("content");
        var prompt = last.ValueKind == JsonValueKind.String ? last.GetString()! : last[0].GetProperty("text").GetString()!;
        long? seed = root.TryGetProperty("seed", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null;
        int? maxTokens = root.TryGetProperty("max_completion_tokens", out var m) || root.TryGetProperty("max_tokens", out m) ? m.GetInt32() : null;
        var logprobs = root.TryGetProperty("logprobs", out var l) && l.ValueKind == JsonValueKind.True;
        int? top = root.TryGetProperty("top_logprobs", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : null;
        return new CompletionRequest(root.GetProperty("model").GetString()!, prompt, seed, maxTokens, logprobs, top);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var checkedAt = context.Request.Headers["Assay-Permit-Checked"] is [{ } stamp] && long.TryParse(stamp, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : (DateTimeOffset?)null;
        _arrivals.Enqueue(new RequestArrival(DateTimeOffset.UtcNow, checkedAt));
        CompletionRequest request;
        using (var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false))
        {
            request = ParseRequest(body.RootElement);
        }

        if (_latency > TimeSpan.Zero)
        {
            await Task.Delay(_latency, context.RequestAborted).ConfigureAwait(false);
        }

        var number = Interlocked.Increment(ref _requests);
        _log?.Enqueue(request);
        var answer = _respond(request);
        var pieces = Pieces(answer);
        var finish = request.MaxTokens is { } cap && pieces.Count > cap ? "length" : "stop";
        if (finish == "length")
        {
            pieces = pieces.GetRange(0, request.MaxTokens!.Value);
            answer = string.Concat(pieces);
        }

        context.Response.ContentType = "application/json";
        var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("id", "chatcmpl-" + number.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("object", "chat.completion");
            writer.WriteNumber("created", 1_700_000_000);
            writer.WriteString("model", request.Model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", answer);
            writer.WriteEndObject();
            if (request.Logprobs)
            {
                WriteLogprobs(writer, pieces, request.TopLogprobs ?? 0);
            }
            else
            {
                writer.WriteNull("logprobs");
            }

            writer.WriteString("finish_reason", finish);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartObject("usage");
            var promptTokens = (request.Prompt.Length + 3) / 4;
            writer.WriteNumber("prompt_tokens", promptTokens);
            writer.WriteNumber("completion_tokens", pieces.Count);
            writer.WriteNumber("total_tokens", promptTokens + pieces.Count);
            writer.WriteEndObject();
            writer.WriteEndObject();
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>The answer cut into 4-character "tokens".</summary>
    private static List<string> Pieces(string answer)
    {
        var pieces = new List<string>((answer.Length + 3) / 4);
        for (var i = 0; i < answer.Length; i += 4)
        {
            pieces.Add(answer.Substring(i, Math.Min(4, answer.Length - i)));
        }

        return pieces;
    }

    /// <summary>Token i gets logprob −0.1·(i mod 5); alternative j gets its token's logprob − (j+1).</summary>
    private static void WriteLogprobs(Utf8JsonWriter writer, List<string> pieces, int top)
    {
        writer.WriteStartObject("logprobs");
        writer.WriteStartArray("content");
        for (var i = 0; i < pieces.Count; i++)
        {
            var logprob = -0.1 * (i % 5);
            writer.WriteStartObject();
            writer.WriteString("token", pieces[i]);
            writer.WriteNumber("logprob", logprob);
            writer.WriteNull("bytes");
            writer.WriteStartArray("top_logprobs");
            for (var j = 0; j < top; j++)
            {
                writer.WriteStartObject();
                writer.WriteString("token", $"{pieces[i]}~{j.ToString(CultureInfo.InvariantCulture)}");
                writer.WriteNumber("logprob", logprob - (j + 1));
                writer.WriteNull("bytes");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
