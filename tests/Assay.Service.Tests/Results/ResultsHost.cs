using System.Net.Http.Headers;
using Assay.Archive;
using Assay.Archive.Results;
using Assay.Core;
using Assay.Nano;
using Assay.Service.ResultsApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Assay.Service.Tests.Results;

/// <summary>
/// <c>assay serve</c>'s application on a free 127.0.0.1 port over a real seeded archive (a SQLite file, or a database on
/// a real PostgreSQL), with a fake clock at <see cref="SeededArchive.Now"/>, an untrained nano model, and one key of
/// each tier plus a revoked one.
/// </summary>
public sealed class ResultsHost : IAsyncDisposable
{
    public const string ModelId = "nano:test";

    private readonly string? _directory;

    private ResultsHost(IRolloutArchive archive, WebApplication app, FakeTimeProvider clock, string? directory)
    {
        Archive = archive;
        App = app;
        Clock = clock;
        _directory = directory;
        BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
    }

    public IRolloutArchive Archive { get; }

    public WebApplication App { get; }

    public FakeTimeProvider Clock { get; }

    public Uri BaseUrl { get; }

    /// <summary>Key texts by name: public, subscriber, admin, revoked (a subscriber key since revoked).</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts on a fresh SQLite archive, or on <paramref name="postgres"/> when given (a connection string);
    /// <paramref name="refreshInterval"/> is how often the server reads the archive's version and revoked keys (100 ms).
    /// </summary>
    public static async Task<ResultsHost> StartAsync(string? postgres = null, bool seed = true, int keyRequestsPerSecond = 10_000, TimeSpan? refreshInterval = null)
    {
        var clock = new FakeTimeProvider(SeededArchive.Now);
        string? directory = null;
        IRolloutArchive archive;
        if (postgres is null)
        {
            directory = Directory.CreateTempSubdirectory("assay-results-").FullName;
            archive = await ArchiveFactory.OpenAsync(Path.Combine(directory, "assay.db"), clock);
        }
        else
        {
            archive = await ArchiveFactory.OpenAsync(postgres, clock);
        }

        if (seed)
        {
            await SeededArchive.SeedAsync(archive);
        }

        var options = new ResultsServiceOptions
        {
            Archive = archive,
            PublicRequestsPerSecond = 10_000,
            KeyRequestsPerSecond = keyRequestsPerSecond,
            RefreshInterval = refreshInterval ?? TimeSpan.FromMilliseconds(100),
        };
        var model = NanoModel.Create(NanoConfig.ForText(layers: 1, width: 16, heads: 2, context: 32), seed: 1);
        var app = NanoServer.Build("http://127.0.0.1:0", new Dictionary<string, NanoModel> { [ModelId] = model }, clock, options);
        await app.StartAsync();
        var host = new ResultsHost(archive, app, clock, directory);
        var keys = new ServiceKeyStore(archive, clock);
        host.Keys["public"] = (await keys.CreateAsync(Tier.Public, "p")).Secret;
        host.Keys["subscriber"] = (await keys.CreateAsync(Tier.Subscriber, "s")).Secret;
        host.Keys["admin"] = (await keys.CreateAsync(Tier.Admin, "a")).Secret;
        var revoked = await keys.CreateAsync(Tier.Subscriber, "gone");
        await keys.RevokeAsync(revoked.Key.Id);
        host.Keys["revoked"] = revoked.Secret;
        // The admin key's id with another secret: right shape, wrong hash.
        var admin = host.Keys["admin"];
        host.Keys["forged"] = admin[..(admin.LastIndexOf('_') + 1)] + new string('A', 43);
        return host;
    }

    /// <summary>A client sending <paramref name="key"/> (a name in <see cref="Keys"/>; null: no Authorization header).</summary>
    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Keys[key]);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        // Stopped as `assay serve` stops on a signal, so what the server cleans up when it stops (the publications'
        // temporary directory) is cleaned up here too; disposing alone does not raise ApplicationStopped.
        await App.StopAsync();
        await App.DisposeAsync();
        await Archive.DisposeAsync();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
