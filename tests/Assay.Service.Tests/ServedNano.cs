using Assay.Nano;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Service.Tests;

/// <summary>
/// A small nano model, trained in a second to answer a few prompts, served by the real Kestrel server on a free
/// loopback port for the whole test class.
/// </summary>
public sealed class ServedNano : IAsyncLifetime
{
    public const string ModelId = "nano:test";

    public static readonly TrainingExample[] Facts =
    [
        new("2+2=", "4"),
        new("3+5=", "8"),
        new("reverse:abc", "cba"),
        new("hello", "world"),
    ];

    private WebApplication? _app;

    public NanoModel Model { get; } = Train();

    public Uri BaseUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (_app, var root) = await StartAsync(ModelId, Model);
        BaseUrl = new Uri(root, "v1/");
    }

    /// <summary>The real server for <paramref name="model"/> as <paramref name="id"/>, started on a free loopback port; its root URL.</summary>
    public static async Task<(WebApplication App, Uri Root)> StartAsync(string id, NanoModel model)
    {
        var app = NanoServer.Build("http://127.0.0.1:0", new Dictionary<string, NanoModel> { [id] = model }, TimeProvider.System);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(address + "/"));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static NanoModel Train()
    {
        var model = NanoModel.Create(NanoConfig.ForText(layers: 2, width: 32, heads: 2, context: 32), seed: 3);
        NanoTrainer.Train(model, Facts, new TrainingOptions { BatchSize = 4, Steps = 300, LearningRate = 1e-2f, WarmupSteps = 10, Seed = 3 });
        return model;
    }
}
