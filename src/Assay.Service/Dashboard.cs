using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Assay.Service;

/// <summary>
/// Serves the dashboard's static pages (<c>Dashboard/</c>, embedded in this assembly) under <c>/dashboard/</c>. The
/// pages hold no data: they call the results API with the user's key, so what they show is what the API shows that key.
/// Served by middleware rather than endpoints, so they pass through the service's headers, audit and rate limits
/// without being API routes.
/// </summary>
public static class Dashboard
{
    /// <summary>Where the dashboard lives.</summary>
    public const string Path = "/dashboard";

    private const string ResourcePrefix = "dashboard/";

    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(Load);

    /// <summary>Adds the middleware that answers <c>GET</c> and <c>HEAD</c> under <see cref="Path"/>; anything else goes on.</summary>
    public static IApplicationBuilder UseDashboard(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(ServeAsync);
    }

    private static async Task ServeAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || !request.Path.StartsWithSegments(Path, out var rest))
        {
            await next(http);
            return;
        }

        if (!rest.HasValue)
        {
            // Relative links in the page (main.js, vendor/...) resolve against the directory.
            http.Response.Redirect(Path + "/", permanent: true);
            return;
        }

        var name = rest.Value == "/" ? "index.html" : rest.Value![1..];
        if (!Assets.Value.TryGetValue(name, out var asset))
        {
            await next(http);
            return;
        }

        var response = http.Response;
        response.Headers.ETag = asset.ETag;
        // The pages change only with the server's version: revalidate, and answer unchanged ones with 304.
        response.Headers.CacheControl = "no-cache";
        if (request.Headers.IfNoneMatch == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        if (HttpMethods.IsGet(request.Method))
        {
            await response.Body.WriteAsync(asset.Content, http.RequestAborted);
        }
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(Dashboard).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
            assets[resource[ResourcePrefix.Length..]] = new Asset(content, ContentTypeOf(resource), etag);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => System.IO.Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
