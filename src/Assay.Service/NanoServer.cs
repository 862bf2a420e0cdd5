using Assay.Nano;
using Assay.Service.OpenAi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Service;

/// <summary>Builds the HTTP service: for now, the OpenAI-compatible endpoint for the nano models given.</summary>
public static class NanoServer
{
    /// <summary>A web application listening on <paramref name="urls"/> (e.g. <c>http://127.0.0.1:8080</c>; port 0 picks one).</summary>
    public static WebApplication Build(string urls, IReadOnlyDictionary<string, NanoModel> models, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrEmpty(urls);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(clock);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls.Split(';'));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A failure to start (a busy port) is thrown from StartAsync for the caller to report in one line; the host's
        // own log of it would print the same exception again, stack trace and all.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        var app = builder.Build();
        app.MapOpenAi(new ServedModels(models, clock), clock);
        return app;
    }
}
