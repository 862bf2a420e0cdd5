using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Assay.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assay.Rollouts.Tests;

/// <summary>
/// A model service on 127.0.0.1 whose every answer is decided by a script: for request number n (1-based) and its
/// content, an HTTP status; 200 forwards the request to a real <see cref="OpenAiCompatibleServer"/>, anything else
/// answers that status with an OpenAI-style error body. <c>GET /v1/models</c> lists the model, with a
/// <c>context_length</c> when one is given. Counts the chat requests it answers.
/// </summary>
internal sealed class ScriptedService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly OpenAiCompatibleServer _upstream;
    private readonly Func<long, CompletionRequest, int> _status;
    private readonly int? _contextLength;
    private readonly HttpClient _http = new();
    private long _requests;

    private ScriptedService(WebApplication app, OpenAiCompatibleServer upstream, Func<long, CompletionRequest, int> status, int? contextLength)
    {
        _app = app;
        _upstream = upstream;
        _status = status;
        _contextLength = contextLength;
    }

    /// <summary>Base URL ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Chat requests received.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>The requests that reached the real model (status 200).</summary>
    public IReadOnlyList<CompletionRequest> Answered => _upstream.Requests;

    /// <summary>The model name to use: <c>openai:loopback@URL</c>.</summary>
    public string Model => $"openai:loopback@{BaseUrl}";

    public static async Task<ScriptedService> StartAsync(Func<long, CompletionRequest, int> status, int? contextLength = null)
    {
        var upstream = await OpenAiCompatibleServer.StartAsync(ArithmeticScenario.Respond);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var service = new ScriptedService(app, upstream, status, contextLength);
        app.MapPost("/v1/chat/completions", service.HandleAsync);
        app.MapGet("/v1/models", service.ModelsAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        service.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _upstream.DisposeAsync();
        _http.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        using var document = JsonDocument.Parse(body);
        var number = Interlocked.Increment(ref _requests);
        var status = _status(number, OpenAiCompatibleServer.ParseRequest(document.RootElement));
        if (status != 200)
        {
            var code = status == 400 ? "context_length_exceeded" : "scripted";
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$$"""{"error":{"message":"scripted {{{status.ToString(CultureInfo.InvariantCulture)}}}","type":"invalid_request_error","code":"{{{code}}}"} }""",
                context.RequestAborted);
            return;
        }

        using var forwarded = await _http.PostAsync(
            new Uri(_upstream.BaseUrl.AbsoluteUri.TrimEnd('/') + "/chat/completions"),
            new StringContent(body, Encoding.UTF8, "application/json"),
            context.RequestAborted);
        context.Response.StatusCode = (int)forwarded.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(await forwarded.Content.ReadAsStringAsync(context.RequestAborted), context.RequestAborted);
    }

    private Task ModelsAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        var stated = _contextLength is { } n ? $",\"context_length\":{n.ToString(CultureInfo.InvariantCulture)}" : "";
        return context.Response.WriteAsync($$$"""{"object":"list","data":[{"id":"loopback","object":"model"{{{stated}}} }]}""");
    }
}
