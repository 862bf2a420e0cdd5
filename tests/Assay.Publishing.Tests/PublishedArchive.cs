using Assay.Archive;
using Assay.Core;

namespace Assay.Publishing.Tests;

/// <summary>
/// A real SQLite archive with two campaigns: passed, failed and infrastructure rollouts scored at different times,
/// one passed rollout with NaN and −∞ among its nested log-probabilities.
/// </summary>
public sealed class PublishedArchive : IAsyncDisposable
{
    public const string Negative = "WRONG ANSWER";

    public static readonly DateTimeOffset January = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset June = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private PublishedArchive(string directory, IRolloutArchive archive)
    {
        Directory = directory;
        Archive = archive;
    }

    public string Directory { get; }

    public IRolloutArchive Archive { get; }

    public static IReadOnlyList<TokenLogprob> Logprobs { get; } =
    [
        new("4", -0.015625, [new TopLogprob("4", -0.015625), new TopLogprob("5", double.NaN), new TopLogprob("é€", double.NegativeInfinity)]),
        new("<|end|>", double.NaN, []),
    ];

    public static async Task<PublishedArchive> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "assay-publish-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var archive = await ArchiveFactory.OpenAsync(Path.Combine(directory, "archive.db"));
        var settings = new SamplingSettings(Temperature: 1, TopP: 1, MaxTokens: 16, Seed: 1, TopLogprobs: 3);
        await archive.SaveCampaignAsync(new Campaign("c-nano", "nano:default", "generated", 2, settings, January.AddDays(-1)), []);
        await archive.SaveCampaignAsync(new Campaign("c-remote", "openai:m@http://127.0.0.1:1/v1", "humaneval", 1, settings, January.AddDays(-1)), []);
        await archive.AppendAsync(
        [
            Rollout("c-nano", "arith/1", 0, "4", VerdictStatus.Passed, January, Logprobs, system: "Answer briefly."),
            Rollout("c-nano", "arith/1", 1, Negative, VerdictStatus.Failed, January, null, system: "Answer briefly."),
            Rollout("c-nano", "arith/2", 0, "9", VerdictStatus.Passed, June, null),
            Rollout("c-nano", "arith/3", 0, "lost", VerdictStatus.Infrastructure, January, null),
            Rollout("c-remote", "HumanEval/0", 0, "    return 1\n", VerdictStatus.Passed, January, null) with
            {
                Verdict = Verdict(VerdictStatus.Passed) with { Verifier = "python-sandbox/2 remote" },
            },
        ]);
        return new PublishedArchive(directory, archive);
    }

    public async ValueTask DisposeAsync()
    {
        await Archive.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    public static Rollout Rollout(
        string campaign, string problem, int sample, string completion, VerdictStatus status, DateTimeOffset at, IReadOnlyList<TokenLogprob>? logprobs,
        string? system = null)
    {
        var request = System.Text.Json.JsonSerializer.Serialize(new { model = "m", prompt = $"prompt of {problem}", system });
        return new Rollout(
            RolloutId.For(campaign, problem, sample), campaign, problem, sample, campaign == "c-nano" ? "nano:default" : "openai:m@http://127.0.0.1:1/v1",
            request, completion, "stop", logprobs, 5, 2, TimeSpan.FromMilliseconds(3), 0m, Verdict(status), at);
    }

    private static Verdict Verdict(VerdictStatus status) =>
        new(status, status == VerdictStatus.Passed ? 1 : 0, status.ToString(), Isolation.Namespaces, TimeSpan.FromMilliseconds(1)) { Verifier = "exact/1" };
}
