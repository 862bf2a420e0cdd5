using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Assay.Testing;

/// <summary>
/// An HTTP proxy on 127.0.0.1 in front of an OpenAI-compatible server that injects faults by plan: 429 with
/// <c>Retry-After</c>, 500, connection resets, stalls. The plan sees each request's arrival number (1-based) and
/// content, so faults can be periodic, random with a seed, or tied to one prompt.
/// </summary>
public sealed class FaultInjectingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Uri _upstream;
    private readonly Func<long, CompletionRequest, Fault> _plan;
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ConcurrentDictionary<FaultKind, int> _injected = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _requests;

    private FaultInjectingProxy(WebApplication app, Uri upstream, Func<long, CompletionRequest, Fault> plan)
    {
        _app = app;
        _upstream = upstream;
        _plan = plan;
    }

    /// <summary>The base URL to give an OpenAI client, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Requests that arrived so far.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>How many of each fault were injected.</summary>
    public int Injected(FaultKind kind) => _injected.TryGetValue(kind, out var count) ? count : 0;

    /// <summary>Starts a proxy to <paramref name="upstreamBaseUrl"/> (a base URL ending in <c>/v1</c>).</summary>
    public static async Task<FaultInjectingProxy> StartAsync(
        Uri upstreamBaseUrl, Func<long, CompletionRequest, Fault> plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upstreamBaseUrl);
        ArgumentNullException.ThrowIfNull(plan);
        var app = LoopbackHost.Create();
        var proxy = new FaultInjectingProxy(app, new Uri(upstreamBaseUrl.AbsoluteUri.TrimEnd('/') + "/chat/completions"), plan);
        app.MapPost("/v1/chat/completions", proxy.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        proxy.BaseUrl = new Uri(LoopbackHost.Address(app), "v1");
        return proxy;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();
        CompletionRequest request;
        using (var document = JsonDocument.Parse(body))
        {
            request = OpenAiCompatibleServer.ParseRequest(document.RootElement);
        }

        var fault = _plan(Interlocked.Increment(ref _requests), request);
        _injected.AddOrUpdate(fault.Kind, 1, static (_, n) => n + 1);
        switch (fault.Kind)
        {
            case FaultKind.RateLimited:
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = (fault.RetryAfter ?? 1).ToString(CultureInfo.InvariantCulture);
                await context.Response.WriteAsync("""{"error":{"message":"rate limited","type":"rate_limit_exceeded"}}""", context.RequestAborted).ConfigureAwait(false);
                return;
            case FaultKind.ServerError:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsync("""{"error":{"message":"injected failure","type":"server_error"}}""", context.RequestAborted).ConfigureAwait(false);
                return;
            case FaultKind.Reset:
                context.Abort();
                return;
            case FaultKind.Stall:
                using (var stalled = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, stalled.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client gave up, or the proxy is stopping: the stall is over.
                    }
                }

                context.Abort();
                return;
        }

        using var forward = new ByteArrayContent(body);
        forward.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var answer = await _http.PostAsync(_upstream, forward, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = (int)answer.StatusCode;
        context.Response.ContentType = "application/json";
        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
