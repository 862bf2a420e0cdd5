using System.Diagnostics;
using Assay.Service.OpenAi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assay.Service.Http;

/// <summary>
/// What every route of the server gets: bounded bodies, one log line per request, errors as OpenAI-shaped JSON (an
/// unknown route, a wrong method, a body too large, an exception: never an empty body or a stack trace), nothing done
/// for a client that has gone, and <c>/health</c> (with the generations running, waiting, finished, cancelled and failed).
/// </summary>
public static class ServerHardening
{
    /// <summary>The log category of the request log (one line per request, at Information).</summary>
    public const string RequestLogCategory = "Assay.Service.Requests";

    private static readonly System.Text.Json.JsonSerializerOptions s_health = new() { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Sets Kestrel's limits, the single-line request log, and the process's one <see cref="GenerationGate"/>.</summary>
    public static void Configure(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = ServerLimits.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Logging.AddFilter(RequestLogCategory, LogLevel.Information);
        builder.Services.AddSingleton(_ => GenerationGate.ForThisMachine());
    }

    /// <summary>
    /// The most of an oversized body read and thrown away after its 413 is sent, so that a client still sending it sees
    /// the answer instead of a reset connection; past this the connection is dropped.
    /// </summary>
    private const long DrainBytes = 64L << 20;

    /// <summary>Adds the middleware and <c>GET /health</c>; call before mapping the other routes.</summary>
    public static void Use(WebApplication app, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(app);
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(RequestLogCategory);
        var trim = new IdleMemoryTrim(clock);
        app.Use(async (http, next) =>
        {
            var elapsed = Stopwatch.StartNew();
            using var request = trim.Enter();
            try
            {
                await GuardAsync(http, next, log).ConfigureAwait(false);
            }
            finally
            {
                var outcome = http.RequestAborted.IsCancellationRequested ? "client gone" : http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
                RequestLogLine(log, http.Request.Method, http.Request.Path.Value ?? "", outcome, elapsed.Elapsed.TotalMilliseconds, http.Connection.RemoteIpAddress?.ToString() ?? "-", null);
            }
        });
        app.UseStatusCodePages(context => ErrorBodies.WriteAsync(context.HttpContext, ErrorBodies.ForStatus(context.HttpContext)));
        var gate = app.Services.GetRequiredService<GenerationGate>();
        app.MapGet("/health", () => Results.Json(new { status = "ok", generations = gate.Counts() }, s_health));
    }

    private static async Task GuardAsync(HttpContext http, RequestDelegate next, ILogger log)
    {
        if (http.Request.ContentLength > ServerLimits.MaxRequestBodyBytes)
        {
            await RefuseOversizedAsync(http).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(http).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client has gone: the generation stopped with it and there is no one to answer (the log line says so).
        }
        catch (BadHttpRequestException ex) when (!http.Response.HasStarted)
        {
            await ErrorBodies.WriteAsync(http, new OpenAiRequestException(ex.Message, param: null, ex.StatusCode)).ConfigureAwait(false);
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            ServerError(log, http.Request.Method, http.Request.Path.Value ?? "", ex);
            http.Response.Clear();
            await ErrorBodies.WriteAsync(http, new OpenAiRequestException("The server had an error while processing your request", param: null, 500, "server_error"))
                .ConfigureAwait(false);
        }
    }

    // Refused before a byte of the body is parsed: the 413 is sent at once, then the body is read into a small buffer
    // and dropped (up to DrainBytes), as closing a socket with unread data resets it before the client reads the answer.
    private static async Task RefuseOversizedAsync(HttpContext http)
    {
        http.Response.Headers.Connection = "close";
        await ErrorBodies.WriteAsync(http, ErrorBodies.TooLarge()).ConfigureAwait(false);
        await http.Response.CompleteAsync().ConfigureAwait(false);
        if (http.Request.ContentLength > DrainBytes || http.Features.Get<IHttpMaxRequestBodySizeFeature>() is not { IsReadOnly: false } limit)
        {
            http.Abort();
            return;
        }

        limit.MaxRequestBodySize = DrainBytes;
        var buffer = new byte[16 * 1024];
        while (await http.Request.Body.ReadAsync(buffer, http.RequestAborted).ConfigureAwait(false) > 0)
        {
        }
    }

    private static readonly Action<ILogger, string, string, string, double, string, Exception?> RequestLogLine =
        LoggerMessage.Define<string, string, string, double, string>(LogLevel.Information, new EventId(1, "Request"), "{Method} {Path} {Status} {Milliseconds:F1} ms {Client}");

    private static readonly Action<ILogger, string, string, Exception?> ServerError =
        LoggerMessage.Define<string, string>(LogLevel.Error, new EventId(2, "ServerError"), "{Method} {Path}: unhandled error");
}
