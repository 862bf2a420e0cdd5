using System.Text.Json;
using System.Text.RegularExpressions;
using Assay.Archive;
using Assay.Core;
using Assay.Testing;

namespace Assay.Rollouts.Tests;

/// <summary>The <c>run</c> and <c>report</c> verbs through the real CLI process against the loopback server.</summary>
public sealed partial class RunCommandTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("assay-run-").FullName;

    private string Db => Path.Combine(_directory, "assay.db");

    private string SuitePath => Path.Combine(_directory, "arith.jsonl");

    /// <summary>The runs' <c>ASSAY_HOME</c>: their spill files stay in the test's directory.</summary>
    private string Home => Path.Combine(_directory, "home");

    /// <summary>Starts assay with this test's <c>ASSAY_HOME</c>.</summary>
    private AssayProcess Assay(params string[] args) => AssayProcess.Start(new Dictionary<string, string> { ["ASSAY_HOME"] = Home }, args);

    public async Task InitializeAsync()
    {
        var lines = ArithmeticScenario.Problems(50).Select(p => JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["task_id"] = p.Id,
            ["prompt"] = p.Prompt,
            ["answer"] = ((ExactAnswerCheck)p.Check).Expected,
        }));
        await File.WriteAllLinesAsync(SuitePath, lines);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Campaign_killed_with_sigkill_and_resumed_ends_with_exactly_the_planned_rollouts()
    {
        await using var server = await OpenAiCompatibleServer.StartAsync(ArithmeticScenario.Respond, latency: TimeSpan.FromMilliseconds(20));
        var model = $"openai:loopback@{server.BaseUrl}";
        string campaignId;
        using (var first = Assay("run", "--model", model, "--suite", SuitePath, "-n", "8", "--seed", "7",
            "--db", Db, "--concurrency", "8"))
        {
            await FakeClock.WaitUntilAsync(() => server.RequestCount >= 120 || first.Stdout.Contains("completed", StringComparison.Ordinal));
            first.KillHard();
            campaignId = CampaignLine().Match(first.Stdout).Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(campaignId), first.Stdout + first.Stderr);
        }

        List<Rollout> beforeResume;
        await using (var archive = await ArchiveFactory.OpenAsync(Db))
        {
            beforeResume = await ReadAsync(archive, campaignId);
        }

        Assert.InRange(beforeResume.Count, 1, 399);
        var askedBeforeResume = server.Requests.Count;
        Assert.Equal(1, server.Requests.Count(IsProbe)); // one pre-flight probe per run
        var spilled = await RolloutSpill.ReadAsync(RolloutSpill.PathFor(Path.Combine(Home, "spill"), campaignId));

        // Every answer that reached the process before the kill is in the spill (written through before it counted);
        // only requests in flight at the kill (at most --concurrency) may have been answered and not kept.
        var answeredBeforeResume = askedBeforeResume - 1;
        Assert.InRange(answeredBeforeResume - spilled.Count, 0, 8);
        Assert.True(spilled.Count >= beforeResume.Count);

        using (var second = Assay("run", "--resume", campaignId, "--db", Db, "--concurrency", "8"))
        {
            Assert.Equal(0, await second.WaitAsync(TimeSpan.FromMinutes(2)));
            Assert.True(second.Stdout.Contains("completed", StringComparison.Ordinal), second.Stdout);
            Assert.Contains("replayed from the spill", second.Stdout, StringComparison.Ordinal);
        }

        await using (var archive = await ArchiveFactory.OpenAsync(Db))
        {
            var all = await ReadAsync(archive, campaignId);
            Assert.Equal(400, all.Count);
            Assert.Equal(400, all.Select(r => (r.ProblemId, r.SampleIndex)).Distinct().Count());
            Assert.All(all, r => Assert.NotEqual(VerdictStatus.Infrastructure, r.Verdict.Status));
        }

        // The resume asked only what no earlier answer covered: nothing kept before the kill was paid for twice, and over
        // both runs the service answered at most the in-flight requests of the kill beyond the 400 planned.
        var askedAfter = server.Requests.Skip(askedBeforeResume).Where(r => !IsProbe(r)).Select(r => (r.Prompt, r.Seed)).ToList();
        Assert.Equal(askedAfter.Count, askedAfter.Distinct().Count());
        Assert.Equal(400 - spilled.Select(r => r.Id).Distinct().Count(), askedAfter.Count);
        Assert.InRange(server.Requests.Count(r => !IsProbe(r)) - 400, 0, 8);
        foreach (var rollout in spilled)
        {
            using var request = JsonDocument.Parse(rollout.Request);
            var key = (request.RootElement.GetProperty("prompt").GetString()!, (long?)request.RootElement.GetProperty("seed").GetInt64());
            Assert.DoesNotContain(key, askedAfter);
        }

        Assert.False(File.Exists(RolloutSpill.PathFor(Path.Combine(Home, "spill"), campaignId))); // the archive holds it all now

        using var report = Assay("report", "--db", Db, "--campaign", campaignId, "--format", "json");
        Assert.Equal(0, await report.WaitAsync(TimeSpan.FromMinutes(1)));
        using var json = JsonDocument.Parse(report.Stdout);
        Assert.Contains(campaignId, report.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_stops_cleanly_with_everything_scored_archived_and_exit_code_130()
    {
        // 50 ms an answer: the 400 rollouts take 5 s at concurrency 4, so a loaded machine cannot finish them before the
        // signal lands (with 20 ms a CI run once did, and exited 0).
        await using var server = await OpenAiCompatibleServer.StartAsync(ArithmeticScenario.Respond, latency: TimeSpan.FromMilliseconds(50));
        var model = $"openai:loopback@{server.BaseUrl}";
        using var run = Assay("run", "--model", model, "--suite", SuitePath, "-n", "8", "--seed", "7",
            "--db", Db, "--concurrency", "4");
        await FakeClock.WaitUntilAsync(() => server.RequestCount >= 60);
        await run.InterruptAsync();

        Assert.Equal(130, await run.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("stopped (cancelled)", run.Stdout, StringComparison.Ordinal);
        var campaignId = CampaignLine().Match(run.Stdout).Groups[1].Value;
        await using var archive = await ArchiveFactory.OpenAsync(Db);
        var archived = await ReadAsync(archive, campaignId);

        // Every answer that reached the engine was scored and archived; only the few in flight at the signal
        // (at most --concurrency) may have been answered by the server and dropped. The pre-flight probe is no rollout.
        var answered = server.Requests.Count(r => !IsProbe(r));
        Assert.InRange(archived.Count, answered - 4, answered);
        Assert.InRange(archived.Count, 56, 399);
    }

    [Fact]
    public async Task Bad_flags_are_one_line_errors_naming_the_flag()
    {
        using var badModel = Assay("run", "--model", "gpt-4o", "--suite", SuitePath, "--db", Db);
        Assert.Equal(2, await badModel.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.StartsWith("error: --model", badModel.Stderr, StringComparison.Ordinal);

        using var unknownResume = Assay("run", "--resume", "nope", "--db", Db);
        Assert.Equal(2, await unknownResume.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.StartsWith("error: --resume nope", unknownResume.Stderr, StringComparison.Ordinal);

        using var missingKey = Assay("run", "--model", "openai:gpt-4o-mini", "--suite", SuitePath, "--db", Db);
        Assert.Equal(2, await missingKey.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("OPENAI_API_KEY", missingKey.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The pre-flight probe asks for one token; no rollout does.</summary>
    private static bool IsProbe(CompletionRequest request) => request.MaxTokens == 1;

    private static async Task<List<Rollout>> ReadAsync(IRolloutArchive archive, string campaignId)
    {
        var rollouts = new List<Rollout>();
        await foreach (var rollout in archive.ReadRolloutsAsync(campaignId))
        {
            rollouts.Add(rollout);
        }

        return rollouts;
    }

    [GeneratedRegex(@"campaign (\S+):")]
    private static partial Regex CampaignLine();
}
