using Assay.Archive;
using Assay.Core;
using Assay.Testing;

namespace Assay.Rollouts.Tests;

/// <summary>Each way <c>assay run</c> ends, through the real CLI process against real loopback services that count the
/// requests they answer: its status, exit code and message.</summary>
public sealed partial class RunCommandTests
{
    [Fact]
    public async Task A_service_that_refuses_every_request_is_told_by_the_probe_with_exit_code_6_after_one_request()
    {
        await using var service = await ScriptedService.StartAsync((_, _) => 400);

        using var run = Assay("run", "--model", service.Model, "--suite", SuitePath, "-n", "2", "--db", Db);

        Assert.Equal(6, await run.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("not started: the probe request (problem 'arith/", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("was refused", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, service.RequestCount); // a refusal is not retried
    }

    [Fact]
    public async Task A_request_refused_mid_campaign_is_archived_as_refused_and_stops_the_run_with_exit_code_6()
    {
        // arith/3 is "What is 3 + 8?"; the probe asks the longest prompt (arith/11), which is answered.
        await using var service = await ScriptedService.StartAsync((_, r) => r.Prompt.StartsWith("What is 3 + 8?", StringComparison.Ordinal) ? 400 : 200);

        using var run = Assay("run", "--model", service.Model, "--suite", SuitePath, "-n", "2", "--db", Db, "--concurrency", "1");

        Assert.Equal(6, await run.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("status", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("stopped (refused)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("refused ×1", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(5, service.RequestCount); // the probe, arith/0..2, then arith/3: nothing after the refusal
        var campaignId = CampaignLine().Match(run.Stdout).Groups[1].Value;
        Assert.Contains(campaignId, run.Stdout, StringComparison.Ordinal);
        await using var archive = await ArchiveFactory.OpenAsync(Db);
        var rollouts = await ReadAsync(archive, campaignId);
        Assert.Equal(["arith/0", "arith/1", "arith/2", "arith/3"], rollouts.Select(r => r.ProblemId));
        Assert.Equal(VerdictStatus.Refused, rollouts[3].Verdict.Status);
        Assert.Contains("400", rollouts[3].Verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prompt_past_the_context_stated_by_the_service_is_an_error_naming_the_problem_before_anything_is_sent()
    {
        await using var service = await ScriptedService.StartAsync((_, _) => 200, contextLength: 4);

        using var run = Assay("run", "--model", service.Model, "--suite", SuitePath, "--db", Db);

        Assert.Equal(6, await run.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("problem 'arith/0': its prompt is at least", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("the model's context is 4 tokens", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, service.RequestCount);
    }

    [Fact]
    public async Task A_service_that_is_down_is_told_by_the_probe_with_exit_code_5()
    {
        await using var service = await ScriptedService.StartAsync((_, _) => 503);

        using var run = Assay("run", "--model", service.Model, "--suite", SuitePath, "--db", Db, "--max-attempts", "2");

        Assert.Equal(5, await run.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("not started: the probe request", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("503", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, service.RequestCount);
    }

    [Fact]
    public async Task An_outage_stops_the_run_at_the_threshold_and_a_resume_asks_exactly_the_failed_slots_again()
    {
        var outage = 1;
        string campaignId;
        await using var service = await ScriptedService.StartAsync((n, _) => n > 1 && Volatile.Read(ref outage) == 1 ? 503 : 200);

        using (var first = Assay("run", "--model", service.Model, "--suite", SuitePath, "-n", "2", "--seed", "3", "--db", Db,
            "--concurrency", "1", "--max-attempts", "1", "--max-infra-failures", "5"))
        {
            Assert.Equal(5, await first.WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains("stopped (infrastructure-threshold)", first.Stdout, StringComparison.Ordinal);
            Assert.Contains("infrastructure ×5", first.Stdout, StringComparison.Ordinal);
            Assert.Contains("HTTP 503", first.Stdout, StringComparison.Ordinal);
            campaignId = CampaignLine().Match(first.Stdout).Groups[1].Value;
        }

        Assert.Equal(6, service.RequestCount); // the probe, then five failures in a row
        await using (var archive = await ArchiveFactory.OpenAsync(Db))
        {
            Assert.All(await ReadAsync(archive, campaignId), r => Assert.Equal(VerdictStatus.Infrastructure, r.Verdict.Status));
        }

        Volatile.Write(ref outage, 0);
        var answeredBefore = service.Answered.Count;
        using (var second = Assay("run", "--resume", campaignId, "--db", Db, "--concurrency", "4"))
        {
            Assert.Equal(0, await second.WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains("5 of them retried slots", second.Stdout, StringComparison.Ordinal);
        }

        // One probe and 100 rollouts: the five failed slots once each, as attempt 1, and the 95 never asked.
        var asked = service.Answered.Skip(answeredBefore).Where(r => r.MaxTokens != 1).Select(r => (r.Prompt, r.Seed)).ToList();
        Assert.Equal(100, asked.Count);
        Assert.Equal(100, asked.Distinct().Count());
        await using (var archive = await ArchiveFactory.OpenAsync(Db))
        {
            var current = await ReadAsync(archive, campaignId);
            Assert.Equal(100, current.Count);
            Assert.Equal(100, current.Select(r => (r.ProblemId, r.SampleIndex)).Distinct().Count());
            Assert.All(current, r => Assert.NotEqual(VerdictStatus.Infrastructure, r.Verdict.Status));
            Assert.Equal(5, current.Count(r => r.Attempt == 1));
            var all = await archive.ReadAllAttemptsAsync(campaignId).ToListAsync();
            Assert.Equal(105, all.Count); // the failures stay archived: append-only
        }
    }

    [Fact]
    public async Task The_budget_is_stored_with_the_campaign_holds_on_resume_and_can_be_raised_explicitly()
    {
        await using var service = await ScriptedService.StartAsync((_, _) => 200);
        var prices = Path.Combine(Path.GetDirectoryName(Db)!, "prices.json");
        await File.WriteAllTextAsync(prices, """{ "loopback": { "prompt": 1000000, "completion": 1000000 } }"""); // $1 a token

        string campaignId;
        using (var first = Assay("run", "--model", service.Model, "--suite", SuitePath, "--db", Db, "--concurrency", "2",
            "--max-tokens", "16", "--price-table", prices, "--max-cost", "300"))
        {
            Assert.Equal(4, await first.WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains("stopped (budget)", first.Stdout, StringComparison.Ordinal);
            campaignId = CampaignLine().Match(first.Stdout).Groups[1].Value;
        }

        // No --max-cost and no --price-table: the stored limit and price still hold.
        using (var second = Assay("run", "--resume", campaignId, "--db", Db, "--concurrency", "2"))
        {
            Assert.Equal(4, await second.WaitAsync(TimeSpan.FromMinutes(1)));
        }

        await using (var archive = await ArchiveFactory.OpenAsync(Db))
        {
            var spent = (await archive.GetAttemptsAsync(campaignId)).Sum(a => a.Cost);
            Assert.InRange(spent, 1m, 300m);
            Assert.Equal(300m, (await archive.GetCampaignAsync(campaignId))!.Budget!.MaxCost);
        }

        using (var third = Assay("run", "--resume", campaignId, "--db", Db, "--max-cost", "100000"))
        {
            Assert.Equal(0, await third.WaitAsync(TimeSpan.FromMinutes(1)));
        }

        await using (var archive = await ArchiveFactory.OpenAsync(Db))
        {
            Assert.Equal(50, (await ReadAsync(archive, campaignId)).Count);
            Assert.Equal(100000m, (await archive.GetCampaignAsync(campaignId))!.Budget!.MaxCost);
        }
    }

    [Fact]
    public async Task Sigterm_stops_cleanly_with_exit_code_143()
    {
        await using var server = await OpenAiCompatibleServer.StartAsync(ArithmeticScenario.Respond, latency: TimeSpan.FromMilliseconds(20));
        using var run = Assay("run", "--model", $"openai:loopback@{server.BaseUrl}", "--suite", SuitePath, "-n", "8",
            "--db", Db, "--concurrency", "4");
        await FakeClock.WaitUntilAsync(() => server.RequestCount >= 40);

        await run.TerminateAsync();

        Assert.Equal(143, await run.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("stopped (cancelled)", run.Stdout, StringComparison.Ordinal);
    }
}
