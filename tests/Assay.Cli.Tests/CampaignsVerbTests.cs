using System.Text.Json;
using Assay.Core;
using Assay.Suites;
using static Assay.Cli.Tests.ArchivedCampaigns;

namespace Assay.Cli.Tests;

/// <summary><c>assay campaigns</c> on a real SQLite archive.</summary>
public sealed class CampaignsVerbTests : IDisposable
{
    private readonly ArchivedCampaigns _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public async Task Campaigns_are_listed_newest_first_with_status_counts_and_cost()
    {
        var problems = SuiteCatalog.Resolve("arithmetic");
        var p = problems[0];
        // The older campaign has every slot of its suite; the newer one has one of its slots, another lost to an outage twice.
        await _archive.AddAsync(Campaign("c-old", "arithmetic", Monday, samples: 1),
            [.. problems.Select(q => Scored("c-old", q, 0, q.Reference!, Passed, cost: 0.25m))]);
        await _archive.AddAsync(Campaign("c-new", "arithmetic", Monday.AddHours(1)), [
            Scored("c-new", p, 0, p.Reference!, Passed),
            Scored("c-new", p, 1, "", Outage),
            Scored("c-new", p, 1, "", Outage, attempt: 1),
        ]);

        var json = await _archive.AssayAsync("campaigns", "--format", "json");
        var table = await _archive.AssayAsync("campaigns");

        Assert.True(json.ExitCode == 0, json.Output + json.Error);
        using var document = JsonDocument.Parse(json.Output);
        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(["c-new", "c-old"], rows.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(("incomplete", problems.Count * 2, 1, 1), (rows[0].GetProperty("status").GetString(), rows[0].GetProperty("planned").GetInt32(),
            rows[0].GetProperty("archived").GetInt32(), rows[0].GetProperty("infrastructure_failures").GetInt32()));
        Assert.Equal(0.003m, rows[0].GetProperty("cost_usd").GetDecimal());
        Assert.Equal(("completed", problems.Count, problems.Count), (rows[1].GetProperty("status").GetString(),
            rows[1].GetProperty("planned").GetInt32(), rows[1].GetProperty("archived").GetInt32()));
        Assert.Equal(0.25m * problems.Count, rows[1].GetProperty("cost_usd").GetDecimal());
        Assert.Equal((7, 0.5), (rows[1].GetProperty("seed").GetInt32(), rows[1].GetProperty("temperature").GetDouble()));

        Assert.True(table.ExitCode == 0, table.Output + table.Error);
        Assert.True(table.Output.IndexOf("c-new", StringComparison.Ordinal) < table.Output.IndexOf("c-old", StringComparison.Ordinal), table.Output);
        Assert.Contains("n=2 temperature=0.5 top_p=1 max_tokens=256 seed=7", table.Output, StringComparison.Ordinal);
        Assert.Contains("2026-11-23 10:00:00Z", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_campaign_of_part_of_a_suite_plans_only_the_problems_its_glob_and_limit_keep()
    {
        var p = SuiteCatalog.Resolve("arithmetic")[0];
        await _archive.AddAsync(Campaign("c-part", "arithmetic", Monday) with { Problems = new CampaignProblems("arithmetic/d1/*", 3) },
            [Scored("c-part", p, 0, p.Reference!, Passed)]);

        var json = await _archive.AssayAsync("campaigns", "--format", "json");
        var table = await _archive.AssayAsync("campaigns");

        Assert.True(json.ExitCode == 0, json.Output + json.Error);
        using var document = JsonDocument.Parse(json.Output);
        var row = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal((3 * 2, "arithmetic/d1/*", 3), (row.GetProperty("planned").GetInt32(), row.GetProperty("problems").GetString(), row.GetProperty("limit").GetInt32()));
        Assert.Contains("problems=arithmetic/d1/* limit=3", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suite_file_that_is_gone_leaves_the_plan_unknown_and_its_escape_characters_escaped()
    {
        var p = SuiteCatalog.Resolve("arithmetic")[0];
        var suite = "gone\u001b[2J.jsonl";
        await _archive.AddAsync(Campaign("c-gone", suite, Monday), [Scored("c-gone", p, 0, p.Reference!, Passed)]);

        var table = await _archive.AssayAsync("campaigns");

        Assert.True(table.ExitCode == 0, table.Output + table.Error);
        Assert.DoesNotContain('\u001b', table.Output);
        Assert.Contains("gone\\x1B[2J.jsonl", table.Output, StringComparison.Ordinal);
        Assert.Contains(table.Output.Split('\n'), line => line.Contains("incomplete", StringComparison.Ordinal) && line.Contains(" ? ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_archive_with_no_campaign_says_so()
    {
        await (await Assay.Archive.ArchiveFactory.OpenAsync(Path.Combine(_archive.Directory.FullName, "empty.db"))).DisposeAsync();

        var table = await AssayProcess.RunAsync(_archive.Directory.FullName, "campaigns", "--db", "empty.db");
        var json = await AssayProcess.RunAsync(_archive.Directory.FullName, "campaigns", "--db", "empty.db", "--format", "json");

        Assert.True(table.ExitCode == 0, table.Output + table.Error);
        Assert.Equal("no campaigns in --db empty.db", table.Output.Trim());
        Assert.Equal("[]", json.Output.Trim());
    }

    [Fact]
    public async Task A_missing_archive_is_one_line_and_exit_code_2()
    {
        var result = await _archive.AssayAsync("campaigns");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no archive there", result.Error, StringComparison.Ordinal);
    }
}
