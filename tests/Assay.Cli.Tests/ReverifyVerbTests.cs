using System.Text.Json;
using Assay.Archive;
using Assay.Core;
using Assay.Suites;

namespace Assay.Cli.Tests;

/// <summary><c>assay reverify</c> on real SQLite archives written through the archive's own API, some with a verdict
/// that is deliberately wrong.</summary>
public sealed class ReverifyVerbTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-reverify-");

    private string Db => Path.Combine(_directory.FullName, "assay.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_correct_answer_archived_as_failed_is_the_one_change_reported_and_the_exit_code_is_1()
    {
        var problems = SuiteCatalog.Resolve("arithmetic").Take(3).ToList();
        var forged = Scored("c-arith", problems[1], 1, problems[1].Reference!, Failed("failed: wrong answer"));
        await ArchiveAsync(Campaign("c-arith", "arithmetic"), [
            Scored("c-arith", problems[0], 0, problems[0].Reference!, Passed),
            Scored("c-arith", problems[0], 1, "-1", Failed("failed: wrong answer")),
            Scored("c-arith", problems[1], 0, "  " + problems[1].Reference! + "\n", Passed),
            forged,
            Scored("c-arith", problems[2], 0, "", new Verdict(VerdictStatus.Invalid, 0, "invalid: empty answer", Isolation.NotApplicable, TimeSpan.Zero)),
            Scored("c-arith", problems[2], 1, "", new Verdict(VerdictStatus.Infrastructure, 0, "policy: HTTP 503", Isolation.NotApplicable, TimeSpan.Zero)),
        ]);

        var json = await AssayProcess.RunAsync(_directory.FullName, "reverify", "--campaign", "c-arith", "--db", Db, "--format", "json");
        var table = await AssayProcess.RunAsync(_directory.FullName, "reverify", "--campaign", "c-arith", "--db", Db);

        Assert.True(json.ExitCode == 1, json.Output + json.Error);
        using var document = JsonDocument.Parse(json.Output);
        var root = document.RootElement;
        Assert.Equal((5, 4, 1, 1), (root.GetProperty("rescored").GetInt32(), root.GetProperty("unchanged").GetInt32(),
            root.GetProperty("changed").GetInt32(), root.GetProperty("skipped_infrastructure").GetInt32()));
        var change = Assert.Single(root.GetProperty("changes").EnumerateArray());
        Assert.Equal(forged.Id, change.GetProperty("rollout_id").GetString());
        Assert.Equal(problems[1].Id, change.GetProperty("problem_id").GetString());
        Assert.Equal(("failed", "failed: wrong answer", "exact-answer/archived"), Summary(change.GetProperty("archived")));
        Assert.Equal(("passed", "passed", "exact-answer/1"), Summary(change.GetProperty("now")));
        Assert.Contains(root.GetProperty("transitions").EnumerateArray(), t =>
            (t.GetProperty("from").GetString(), t.GetProperty("to").GetString(), t.GetProperty("rollouts").GetInt32()) == ("failed", "passed", 1));

        Assert.True(table.ExitCode == 1, table.Output + table.Error);
        Assert.Contains("re-scored 5, unchanged 4, changed 1; skipped 1", table.Output, StringComparison.Ordinal);
        Assert.True(table.Output.Split('\n').Count(line => line.Contains(forged.Id, StringComparison.Ordinal)) == 1, table.Output);
    }

    [Fact]
    public async Task A_campaign_whose_verdicts_all_hold_exits_0_and_writes_nothing()
    {
        var problems = SuiteCatalog.Resolve("strings").Take(4).ToList();
        await ArchiveAsync(Campaign("c-strings", "strings"), [
            .. problems.Select((p, i) => Scored("c-strings", p, 0, p.Reference!, Passed)),
            .. problems.Select((p, i) => Scored("c-strings", p, 1, "no such answer", Failed("failed: wrong answer"))),
        ]);

        var result = await AssayProcess.RunAsync(_directory.FullName, "reverify", "--campaign", "c-strings", "--db", Db);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("re-scored 8, unchanged 8, changed 0; skipped 0", result.Output, StringComparison.Ordinal);
        Assert.Contains("no verdict changed", result.Output, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var archive = await ArchiveFactory.OpenAsync(Db);
        Assert.Equal(8, (await archive.GetRolloutIdsAsync("c-strings")).Count);
        Assert.All(await archive.ReadRolloutsAsync("c-strings").ToListAsync(), r => Assert.Equal("exact-answer/archived", r.Verdict.Verifier));
    }

    [Fact]
    public async Task Code_that_was_archived_as_passed_but_fails_its_tests_is_reported()
    {
        var problems = SuiteCatalog.Resolve("functions").Where(p => p.Check is PythonTestsCheck).Take(2).ToList();
        var forged = Scored("c-code", problems[1], 0, "None", Passed);
        await ArchiveAsync(Campaign("c-code", "functions"), [Scored("c-code", problems[0], 0, problems[0].Reference!, Passed), forged]);

        var result = await AssayProcess.RunAsync(_directory.FullName, "reverify", "--campaign", "c-code", "--db", Db, "--format", "json", "--workers", "1");

        Assert.True(result.ExitCode == 1, result.Output + result.Error);
        using var document = JsonDocument.Parse(result.Output);
        var change = Assert.Single(document.RootElement.GetProperty("changes").EnumerateArray());
        Assert.Equal(forged.Id, change.GetProperty("rollout_id").GetString());
        Assert.Equal("passed", change.GetProperty("archived").GetProperty("status").GetString());
        Assert.NotEqual("passed", change.GetProperty("now").GetProperty("status").GetString());
        Assert.NotEqual("not_applicable", change.GetProperty("now").GetProperty("isolation").GetString()); // the sandbox ran it
    }

    [Fact]
    public async Task The_problems_archived_with_a_campaign_are_used_when_its_suite_file_is_gone()
    {
        var problems = SuiteCatalog.Resolve("arithmetic").Take(2).ToList();
        var forged = Scored("c-stored", problems[1], 0, problems[1].Reference!, Failed("failed: wrong answer"));
        var gone = Path.Combine(_directory.FullName, "deleted-suite.jsonl");
        await ArchiveAsync(Campaign("c-stored", gone), [Scored("c-stored", problems[0], 0, problems[0].Reference!, Passed), forged], problems);

        var result = await AssayProcess.RunAsync(_directory.FullName, "reverify", "--campaign", "c-stored", "--db", Db, "--format", "json");

        Assert.True(result.ExitCode == 1, result.Output + result.Error);
        using var document = JsonDocument.Parse(result.Output);
        Assert.Equal(2, document.RootElement.GetProperty("rescored").GetInt32());
        Assert.Equal(forged.Id, Assert.Single(document.RootElement.GetProperty("changes").EnumerateArray()).GetProperty("rollout_id").GetString());
    }

    [Fact]
    public async Task An_unknown_campaign_is_one_error_line_and_exit_code_2()
    {
        await ArchiveAsync(Campaign("c-known", "arithmetic"), []);

        var result = await AssayProcess.RunAsync(_directory.FullName, "reverify", "--campaign", "c-missing", "--db", Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --campaign c-missing: no campaign with this id in --db {Db}", result.Error.Trim());
    }

    [Fact]
    public async Task A_problem_the_suite_lacks_is_named_with_exit_code_2()
    {
        var problem = SuiteCatalog.Resolve("arithmetic")[0] with { Id = "arith/gone/1" };
        await ArchiveAsync(Campaign("c-gone", "arithmetic"), [Scored("c-gone", problem, 0, problem.Reference!, Passed)]);

        var result = await AssayProcess.RunAsync(_directory.FullName, "reverify", "--campaign", "c-gone", "--db", Db, "--suite", "arithmetic");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --suite arithmetic: campaign c-gone has rollouts of problem 'arith/gone/1', which this suite does not have", result.Error.Trim());
    }

    private static readonly Verdict Passed = new(VerdictStatus.Passed, 1, "passed", Isolation.NotApplicable, TimeSpan.Zero) { Verifier = "exact-answer/archived" };

    private static Verdict Failed(string detail) => new(VerdictStatus.Failed, 0, detail, Isolation.NotApplicable, TimeSpan.Zero) { Verifier = "exact-answer/archived" };

    private static Campaign Campaign(string id, string suite) => new(id, "openai:m@http://127.0.0.1:1/v1", suite, 2, new SamplingSettings(), At);

    private static Rollout Scored(string campaignId, Problem problem, int sample, string completion, Verdict verdict) => new(
        RolloutId.For(campaignId, problem.Id, sample), campaignId, problem.Id, sample, "openai:m@http://127.0.0.1:1/v1", "{}",
        completion, "stop", null, 10, 2, TimeSpan.FromMilliseconds(5), 0m, verdict, At);

    private static (string? Status, string? Detail, string? Verifier) Summary(JsonElement verdict) =>
        (verdict.GetProperty("status").GetString(), verdict.GetProperty("detail").GetString(), verdict.GetProperty("verifier").GetString());

    private async Task ArchiveAsync(Campaign campaign, IReadOnlyList<Rollout> rollouts, IReadOnlyList<Problem>? problems = null)
    {
        await using var archive = await ArchiveFactory.OpenAsync(Db);
        await archive.SaveCampaignAsync(campaign, problems ?? []);
        await archive.AppendAsync(rollouts);
    }
}
