using Assay.Archive;
using Assay.Core;
using Assay.Verification;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts.Tests;

/// <summary>A real policy (the OpenAI SDK pointed at a loopback URL) with a SQLite archive; each runner gets Assay's
/// decorators composed by <see cref="PolicyPipeline"/>, as <c>assay run</c> does.</summary>
internal sealed class LoopbackPolicy : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly IChatClient _bare;
    private readonly PolicyOptions _options;

    private LoopbackPolicy(HttpClient http, IChatClient bare, PolicyOptions options, IRolloutArchive archive, string directory)
    {
        _http = http;
        _bare = bare;
        _options = options;
        Archive = archive;
        Directory = directory;
    }

    public IRolloutArchive Archive { get; }

    public string Directory { get; }

    public string Model { get; private init; } = "";

    public static async Task<LoopbackPolicy> CreateAsync(Uri baseUrl, PolicyOptions options, string? directory = null)
    {
        directory ??= System.IO.Directory.CreateTempSubdirectory("assay-rollouts-").FullName;
        var http = PolicyFactory.CreateHttpClient(options.MaxConcurrency);
        var model = $"openai:loopback@{baseUrl}";
        var bare = new PolicyFactory(http, _ => null).Create(ModelSpec.Parse(model));
        var archive = await ArchiveFactory.OpenAsync(Path.Combine(directory, "assay.db"));
        return new LoopbackPolicy(http, bare, options, archive, directory) { Model = model };
    }

    /// <summary>A runner over a fresh pipeline (so a fresh budget and limiter), with <paramref name="options"/> in place of
    /// those given at creation when set. Pipelines are not disposed: that would dispose the shared bare client.</summary>
    public CampaignRunner Runner(IVerifier? verifier = null, PolicyOptions? options = null) =>
        new(PolicyPipeline.Build(_bare, options ?? _options, TimeProvider.System, new Random(5)), verifier ?? new ExactAnswerVerifier(), Archive, TimeProvider.System);

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
        _bare.Dispose();
        _http.Dispose();
        await Archive.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
