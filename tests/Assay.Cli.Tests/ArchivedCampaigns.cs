using Assay.Archive;
using Assay.Core;

namespace Assay.Cli.Tests;

/// <summary>A real SQLite archive in a temporary folder, written through the archive's own API, for the verbs that read
/// campaigns back (<c>campaigns</c>, <c>report</c>, <c>export</c>).</summary>
internal sealed class ArchivedCampaigns : IDisposable
{
    public const string Model = "openai:m@http://127.0.0.1:1/v1";

    /// <summary>When the tests' first campaign was created; later ones are created after it.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static readonly Verdict Passed = new(VerdictStatus.Passed, 1, "passed", Isolation.NotApplicable, TimeSpan.FromMilliseconds(2)) { Verifier = "exact-answer/1" };

    public static readonly Verdict Failed = new(VerdictStatus.Failed, 0, "failed: wrong answer", Isolation.NotApplicable, TimeSpan.Zero) { Verifier = "exact-answer/1" };

    public static readonly Verdict Outage = new(VerdictStatus.Infrastructure, 0, "policy: HTTP 503", Isolation.NotApplicable, TimeSpan.Zero);

    public DirectoryInfo Directory { get; } = System.IO.Directory.CreateTempSubdirectory("assay-archived-");

    public string Db => Path.Combine(Directory.FullName, "assay.db");

    public static Campaign Campaign(string id, string suite, DateTimeOffset createdAt, int samples = 2) =>
        new(id, Model, suite, samples, new SamplingSettings(Temperature: 0.5, Seed: 7), createdAt);

    public static Rollout Scored(string campaignId, Problem problem, int sample, string completion, Verdict verdict, int attempt = 0,
        decimal cost = 0.001m, IReadOnlyList<TokenLogprob>? logprobs = null) => new(
        RolloutId.For(campaignId, problem.Id, sample, attempt), campaignId, problem.Id, sample, Model, "{}", completion, "stop", logprobs,
        10, 2, TimeSpan.FromMilliseconds(5), cost, verdict, new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), attempt);

    public async Task AddAsync(Campaign campaign, IReadOnlyList<Rollout> rollouts)
    {
        await using var archive = await ArchiveFactory.OpenAsync(Db);
        await archive.SaveCampaignAsync(campaign, []);
        await archive.AppendAsync(rollouts);
    }

    public Task<(int ExitCode, string Output, string Error)> AssayAsync(params string[] args) =>
        AssayProcess.RunAsync(Directory.FullName, [.. args, "--db", Db]);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(recursive: true);
    }
}
