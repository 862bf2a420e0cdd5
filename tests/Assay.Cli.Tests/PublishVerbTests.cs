using System.Security.Cryptography;
using System.Text.Json;
using Assay.Archive;
using Assay.Core;
using Assay.Suites;
using static Assay.Cli.Tests.ArchivedCampaigns;

namespace Assay.Cli.Tests;

/// <summary>
/// <c>assay publish</c> run as a process on a real SQLite archive whose positive and negative rollouts have different ages:
/// the files, the manifest's counts and hashes, the embargo's cut-off with <c>--as-of</c>, DPO only with
/// <c>--include-negatives</c>, and one-line errors.
/// </summary>
public sealed class PublishVerbTests : IDisposable
{
    private static readonly DateTimeOffset January = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset March = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset June = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ArchivedCampaigns _archive = new();
    private readonly IReadOnlyList<Problem> _problems = [.. SuiteCatalog.Resolve("arithmetic").Take(4)];

    public void Dispose() => _archive.Dispose();

    private string Out(string name) => Path.Combine(_archive.Directory.FullName, name);

    // p0: passed and failed in January; p1: passed at exactly 1 March 00:00; p2: passed and failed in June; p3: an outage.
    private async Task SeedAsync()
    {
        TokenLogprob[] logprobs = [new("4", -0.25, [new TopLogprob("4", -0.25), new TopLogprob("5", -1.5)])];
        await using var archive = await ArchiveFactory.OpenAsync(_archive.Db);
        await archive.SaveCampaignAsync(Campaign("c-pub", "arithmetic", January.AddDays(-1)), _problems);
        await archive.AppendAsync(
        [
            Scored("c-pub", _problems[0], 0, _problems[0].Reference!, Passed, logprobs: logprobs) with { CreatedAt = January },
            Scored("c-pub", _problems[0], 1, "wrong in january", Failed) with { CreatedAt = January },
            Scored("c-pub", _problems[1], 0, _problems[1].Reference!, Passed) with { CreatedAt = March },
            Scored("c-pub", _problems[2], 0, _problems[2].Reference!, Passed) with { CreatedAt = June },
            Scored("c-pub", _problems[2], 1, "wrong in june", Failed) with { CreatedAt = June },
            Scored("c-pub", _problems[3], 0, "", Outage) with { CreatedAt = January },
        ]);
    }

    private static JsonElement Manifest(string directory) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "manifest.json"))).RootElement.Clone();

    private static List<string> ProblemIds(string directory, string file) =>
        [.. File.ReadAllLines(Path.Combine(directory, file)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("problem_id").GetString()!).Order(StringComparer.Ordinal)];

    private async Task<(int ExitCode, string Output, string Error)> PublishAsync(params string[] args)
    {
        var run = await _archive.AssayAsync(["publish", .. args]);
        Assert.True(run.ExitCode == 0, $"assay publish {string.Join(' ', args)}: exit {run.ExitCode}\n{run.Output}{run.Error}");
        return run;
    }

    [Fact]
    public async Task Publish_writes_the_positive_rollouts_past_the_embargo_with_a_manifest_that_hashes_every_file()
    {
        await SeedAsync();
        var directory = Out("june");

        var run = await PublishAsync("--out", directory, "--as-of", "2026-06-01");

        // Cut-off 2026-03-03: January's and 1 March's positives; not June's, never a negative or an outage.
        var manifest = Manifest(directory);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero), manifest.GetProperty("cutoff").GetDateTimeOffset());
        Assert.Equal(90, manifest.GetProperty("embargo_days").GetDouble());
        Assert.Equal(2, manifest.GetProperty("positive").GetInt32());
        Assert.False(manifest.GetProperty("includes_negatives").GetBoolean());
        var files = manifest.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(
            [("sft.jsonl", 2), ("prompt_completion.jsonl", 2), ("distill.jsonl", 1), ("rollouts.parquet", 2)],
            files.Select(f => (f.GetProperty("name").GetString(), f.GetProperty("records").GetInt32())));
        Assert.Equal(
            [.. Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal)],
            files.Select(f => f.GetProperty("name").GetString()).Append("manifest.json").Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(directory, file.GetProperty("name").GetString()!));
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            Assert.Equal(sha, file.GetProperty("sha256").GetString());
            Assert.Equal(bytes.Length, file.GetProperty("bytes").GetInt64());
            Assert.Contains($"sha256 {sha}", run.Output, StringComparison.Ordinal);
        }

        Assert.Equal([_problems[0].Id, _problems[1].Id], ProblemIds(directory, "sft.jsonl"));
        var campaign = Assert.Single(manifest.GetProperty("campaigns").EnumerateArray());
        Assert.Equal(("c-pub", 2, 0), (campaign.GetProperty("id").GetString(), campaign.GetProperty("positive").GetInt32(), campaign.GetProperty("negative").GetInt32()));
        Assert.Equal([Model], manifest.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        var verifier = Assert.Single(manifest.GetProperty("verifiers").EnumerateArray());
        Assert.Equal(("exact-answer/1", 2), (verifier.GetProperty("identity").GetString(), verifier.GetProperty("verdicts").GetInt32()));
        foreach (var path in Directory.GetFiles(directory))
        {
            Assert.DoesNotContain("wrong in", File.ReadAllText(path), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task As_of_moves_the_cut_off_a_rollout_at_the_cut_off_is_in_and_a_day_earlier_it_is_out()
    {
        await SeedAsync();

        await PublishAsync("--out", Out("at"), "--as-of", "2026-05-30");
        await PublishAsync("--out", Out("before"), "--as-of", "2026-05-29");
        await PublishAsync("--out", Out("later"), "--as-of", "2026-09-01", "--embargo-days", "30");

        Assert.Equal([_problems[0].Id, _problems[1].Id], ProblemIds(Out("at"), "sft.jsonl"));
        Assert.Equal([_problems[0].Id], ProblemIds(Out("before"), "sft.jsonl"));
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 0, 0, 0, TimeSpan.Zero), Manifest(Out("before")).GetProperty("cutoff").GetDateTimeOffset());
        Assert.Equal([_problems[0].Id, _problems[1].Id, _problems[2].Id], ProblemIds(Out("later"), "sft.jsonl"));
        Assert.Equal(3, Manifest(Out("later")).GetProperty("positive").GetInt32());
    }

    [Fact]
    public async Task Dpo_pairs_with_negative_rollouts_are_written_only_with_include_negatives()
    {
        await SeedAsync();

        var run = await PublishAsync("--out", Out("dpo"), "--as-of", "2026-09-01", "--include-negatives");
        var refused = await _archive.AssayAsync("publish", "--out", Out("refused"), "--format", "dpo");

        var manifest = Manifest(Out("dpo"));
        Assert.True(manifest.GetProperty("includes_negatives").GetBoolean());
        var dpo = manifest.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "dpo.jsonl");
        Assert.Equal(2, dpo.GetProperty("records").GetInt32());
        var pairs = File.ReadAllLines(Path.Combine(Out("dpo"), "dpo.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(
            [(_problems[0].Reference, "wrong in january"), (_problems[2].Reference, "wrong in june")],
            pairs.Select(p => (p.GetProperty("chosen").GetString(), p.GetProperty("rejected").GetString())).OrderBy(p => p.Item2, StringComparer.Ordinal));
        Assert.Contains("for subscribers only", run.Output, StringComparison.Ordinal);
        Assert.Equal(2, manifest.GetProperty("campaigns")[0].GetProperty("negative").GetInt32());
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--include-negatives", refused.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out("refused")));
    }

    [Theory]
    [InlineData("bad-date")]
    [InlineData("out-is-a-file")]
    [InlineData("out-under-a-file")]
    [InlineData("missing-archive")]
    public async Task A_bad_input_is_one_line_naming_it_and_exit_code_2(string input)
    {
        await SeedAsync();
        var blocker = Out("blocker");
        File.WriteAllText(blocker, "not a directory");
        var missing = Out("no-such.db");
        var (args, named) = input switch
        {
            "bad-date" => (new[] { "--out", Out("x"), "--as-of", "2026-02-30" }, "--as-of '2026-02-30'"),
            "out-is-a-file" => (["--out", blocker], $"--out {blocker}"),
            "out-under-a-file" => (["--out", Path.Combine(blocker, "sub")], $"--out {Path.Combine(blocker, "sub")}"),
            _ => (["--out", Out("x"), "--db", missing], $"--db {missing}"),
        };

        var run = input == "missing-archive"
            ? await AssayProcess.RunAsync(_archive.Directory.FullName, ["publish", .. args])
            : await _archive.AssayAsync(["publish", .. args]);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.Equal("not a directory", File.ReadAllText(blocker));
        Assert.False(Directory.Exists(Out("x")));
    }
}
