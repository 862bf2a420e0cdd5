using Assay.Archive.Results;
using Assay.Nano;
using Assay.Service.Datasets;
using Assay.Service.Http;
using Assay.Service.OpenAi;
using Assay.Service.ResultsApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Service;

/// <summary>Builds the HTTP service: the OpenAI-compatible endpoint for the nano models given and, with an archive, the results service.</summary>
public static class NanoServer
{
    /// <summary>A web application listening on <paramref name="urls"/> (e.g. <c>http://127.0.0.1:8080</c>; port 0 picks one).</summary>
    public static WebApplication Build(string urls, IReadOnlyDictionary<string, NanoModel> models, TimeProvider clock) =>
        Build(urls, models, clock, new ResultsServiceOptions());

    /// <summary>The same, serving also the results of <paramref name="results"/>' archive, and guarding nano with its keys.</summary>
    public static WebApplication Build(string urls, IReadOnlyDictionary<string, NanoModel> models, TimeProvider clock, ResultsServiceOptions results)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentException.ThrowIfNullOrEmpty(urls);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(clock);
        // No appsettings.json is read for changes: its watcher follows every file under the working directory, where an
        // archive's SQLite file usually is, and woke on each of its writes (a few percent of a core under load).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.WebHost.UseUrls(urls.Split(';'));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A failure to start (a busy port) is thrown from StartAsync for the caller to report in one line; the host's
        // own log of it would print the same exception again, stack trace and all.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        ServerHardening.Configure(builder);
        builder.AddResultsService(results, clock);
        var app = builder.Build();
        ServerHardening.Use(app, clock);
        app.UseResultsService();
        if (results.Archive is not null)
        {
            app.UseDashboard();
        }

        var nano = app.MapGroup("").WithMetadata(new RequiredAccess(ServiceAccess.KeyHolders));
        nano.MapOpenAi(new ServedModels(models, clock), clock);
        app.MapResultsService();
        if (results.Archive is not null)
        {
            app.MapDatasets(results.Archive, results.Embargo, clock);
        }
        return app;
    }
}
