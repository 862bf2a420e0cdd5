using System.Text.Json;
using Assay.Service.OpenAi;
using Microsoft.AspNetCore.Http;

namespace Assay.Service.Http;

/// <summary>Writes every error the server answers as OpenAI's JSON error object, whatever raised it.</summary>
public static class ErrorBodies
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Answers <paramref name="error"/> with its status and OpenAI's <c>{"error": {...}}</c> body.</summary>
    public static Task WriteAsync(HttpContext http, OpenAiRequestException error)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(error);
        http.Response.StatusCode = error.Status;
        return http.Response.WriteAsJsonAsync(error.ToBody(), s_json, http.RequestAborted);
    }

    /// <summary>The error for a status the server set without a body (an unknown route, a wrong method, ...).</summary>
    public static OpenAiRequestException ForStatus(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = $"{http.Request.Method} {http.Request.Path}";
        return http.Response.StatusCode switch
        {
            404 => new($"Unknown route: {request}", param: null, 404, "invalid_request_error", "not_found"),
            405 => new($"Method not allowed: {request} (allowed: {http.Response.Headers.Allow})", param: null, 405, "invalid_request_error", "method_not_allowed"),
            413 => TooLarge(),
            var status and < 500 => new($"The request was refused ({request}, HTTP {status})", param: null, status),
            var status => new($"The server had an error while processing {request}", param: null, status, "server_error"),
        };
    }

    /// <summary>The 413 for a body past <see cref="ServerLimits.MaxRequestBodyBytes"/>.</summary>
    public static OpenAiRequestException TooLarge() =>
        new($"The request body is larger than {ServerLimits.MaxRequestBodyBytes} bytes", param: null, 413, "invalid_request_error", "request_too_large");
}
