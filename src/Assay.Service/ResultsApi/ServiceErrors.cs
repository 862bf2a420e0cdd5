using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Assay.Service.ResultsApi;

/// <summary>Every error the service answers with is this JSON object (OpenAI's shape), never a stack trace or an empty body.</summary>
public static class ServiceErrors
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Answers <paramref name="status"/> with <c>{"error": {"message", "type", "code"}}</c>.</summary>
    public static Task WriteAsync(HttpContext http, int status, string message, string type, string? code = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(Body(message, type, code), s_json, http.RequestAborted);
    }

    /// <summary>The error object itself, for endpoints that return results.</summary>
    public static object Body(string message, string type, string? code = null) =>
        new { error = new { message, type, code } };

    /// <summary>A 400 naming the query parameter at fault.</summary>
    public static IResult BadParameter(string parameter, string message) =>
        Results.Json(new { error = new { message = $"{parameter}: {message}", type = "invalid_request_error", code = "invalid_parameter", param = parameter } }, s_json, statusCode: 400);

    /// <summary>A 404 for what does not exist or the caller may not see (the two are not told apart).</summary>
    public static IResult NotFound(string message) => Results.Json(Body(message, "not_found_error", "not_found"), s_json, statusCode: 404);
}
