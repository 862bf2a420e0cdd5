using Microsoft.AspNetCore.Http;

namespace Assay.Service.ResultsApi;

/// <summary>
/// Headers on every response: no MIME sniffing, no framing, no referrer, and a content security policy that lets pages
/// load only this server's own scripts, styles and data (the API reference page needs inline script and style).
/// Answers that depend on the caller's key are never stored by caches.
/// </summary>
internal static class SecurityHeaders
{
    private const string Strict = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private const string ApiReference = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

    public static Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/scalar") ? ApiReference : Strict;
            if (!headers.ContainsKey("Cache-Control"))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(http);
    }
}
