using System.Text.Json;

namespace Assay.Rollouts.Tests;

/// <summary><c>--json</c> and <c>--dry-run</c> on <c>assay run</c>.</summary>
public sealed partial class RunCommandTests
{
    [Fact]
    public async Task Dry_run_prints_the_plan_and_its_worst_case_and_neither_sends_nor_writes_anything()
    {
        await using var service = await ScriptedService.StartAsync((_, _) => 200);
        var prices = Path.Combine(Path.GetDirectoryName(Db)!, "prices.json");
        await File.WriteAllTextAsync(prices, """{ "loopback": { "prompt": 1000000, "completion": 1000000 } }""");

        using var run = Assay("run", "--model", service.Model, "--suite", SuitePath, "-n", "2", "--max-tokens", "16",
            "--price-table", prices, "--db", Db, "--dry-run", "--json");

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromMinutes(1)));
        using var plan = JsonDocument.Parse(run.Stdout);
        Assert.Equal(100, plan.RootElement.GetProperty("rollouts_to_ask").GetInt32());

        // $1 a token: each rollout's worst case is its prompt's bytes, 32 tokens of template and 16 of answer.
        var expected = ArithmeticScenario.Problems(50).Sum(p => 2 * (System.Text.Encoding.UTF8.GetByteCount(p.Prompt) + 32 + 16));
        Assert.Equal(expected, plan.RootElement.GetProperty("worst_case_cost_usd").GetDecimal());
        Assert.Equal(0, service.RequestCount);
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public async Task Json_prints_a_machine_readable_summary_alone_on_standard_output()
    {
        await using var service = await ScriptedService.StartAsync((_, r) => r.Prompt.StartsWith("What is 3 + 8?", StringComparison.Ordinal) ? 503 : 200);

        using var run = Assay("run", "--model", service.Model, "--suite", SuitePath, "--db", Db, "--json", "--max-attempts", "1");

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromMinutes(1)));
        using var summary = JsonDocument.Parse(run.Stdout);
        var root = summary.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(0, root.GetProperty("exit_code").GetInt32());
        Assert.Equal(50, root.GetProperty("archived").GetInt32());
        Assert.Equal(1, root.GetProperty("infrastructure_failures").GetInt32());
        var reason = Assert.Single(root.GetProperty("failure_reasons").EnumerateArray());
        Assert.Equal("infrastructure", reason.GetProperty("status").GetString());
        Assert.Contains("503", reason.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(49, root.GetProperty("isolation").GetProperty("not_applicable").GetInt32());
        Assert.Contains(root.GetProperty("campaign_id").GetString()!, run.Stderr, StringComparison.Ordinal);

        // The dry run of its resume plans exactly the one lost slot, as a retry.
        using var dry = Assay("run", "--resume", root.GetProperty("campaign_id").GetString()!, "--db", Db, "--dry-run", "--json");
        Assert.Equal(0, await dry.WaitAsync(TimeSpan.FromMinutes(1)));
        using var plan = JsonDocument.Parse(dry.Stdout);
        Assert.Equal((1, 1), (plan.RootElement.GetProperty("rollouts_to_ask").GetInt32(), plan.RootElement.GetProperty("retries").GetInt32()));
    }
}
