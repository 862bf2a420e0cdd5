using Assay.Archive;
using Assay.Core;
using Assay.Verification;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts.Tests;

/// <summary>A real policy pipeline (OpenAI SDK + Assay's decorators) pointed at a loopback URL, with a SQLite archive.</summary>
internal sealed class LoopbackPolicy : IAsyncDisposable
{
    private readonly HttpClient _http;

    private LoopbackPolicy(HttpClient http, IChatClient client, AimdConcurrencyLimiter limiter, IRolloutArchive archive, string directory)
    {
        _http = http;
        Client = client;
        Limiter = limiter;
        Archive = archive;
        Directory = directory;
    }

    public IChatClient Client { get; }

    public AimdConcurrencyLimiter Limiter { get; }

    public IRolloutArchive Archive { get; }

    public string Directory { get; }

    public string Model { get; private init; } = "";

    public static async Task<LoopbackPolicy> CreateAsync(Uri baseUrl, PolicyOptions options, string? directory = null)
    {
        directory ??= System.IO.Directory.CreateTempSubdirectory("assay-rollouts-").FullName;
        var http = PolicyFactory.CreateHttpClient(options.MaxConcurrency);
        var model = $"openai:loopback@{baseUrl}";
        var bare = new PolicyFactory(http, _ => null).Create(ModelSpec.Parse(model));
        var limiter = PolicyPipeline.CreateLimiter(options);
        var client = PolicyPipeline.Build(bare, options, limiter, TimeProvider.System, new Random(5));
        var archive = await ArchiveFactory.OpenAsync(Path.Combine(directory, "assay.db"));
        return new LoopbackPolicy(http, client, limiter, archive, directory) { Model = model };
    }

    public CampaignRunner Runner(IVerifier? verifier = null) =>
        new(Client, verifier ?? new ExactAnswerVerifier(), Archive, TimeProvider.System, Limiter);

    public async Task<List<Rollout>> ReadAsync(string campaignId)
    {
        var rollouts = new List<Rollout>();
        await foreach (var rollout in Archive.ReadRolloutsAsync(campaignId))
        {
            rollouts.Add(rollout);
        }

        return rollouts;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _http.Dispose();
        await Archive.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
