using System.Text.Json;
using Assay.Suites;
using static Assay.Cli.Tests.ArchivedCampaigns;

namespace Assay.Cli.Tests;

/// <summary><c>assay report</c> never pools campaigns silently: the latest by default, several only when asked.</summary>
public sealed class ReportSelectionTests : IAsyncLifetime
{
    private readonly ArchivedCampaigns _archive = new();

    public async Task InitializeAsync()
    {
        // Same model, same suite: pooled, they would be one entry with the rollouts of both.
        var p = SuiteCatalog.Resolve("arithmetic")[0];
        await _archive.AddAsync(Campaign("c-first", "arithmetic", Monday), [Scored("c-first", p, 0, p.Reference!, Passed), Scored("c-first", p, 1, "-1", Failed)]);
        await _archive.AddAsync(Campaign("c-second", "arithmetic", Monday.AddDays(1)), [Scored("c-second", p, 0, "-1", Failed)]);
        await _archive.AddAsync(Campaign("c-third", "arithmetic", Monday.AddDays(2)), [Scored("c-third", p, 0, p.Reference!, Passed)]);
    }

    public Task DisposeAsync()
    {
        _archive.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task By_default_the_report_covers_the_latest_campaign_only_and_names_it()
    {
        var table = await _archive.AssayAsync("report");
        var json = await _archive.AssayAsync("report", "--format", "json");

        Assert.True(table.ExitCode == 0, table.Output + table.Error);
        Assert.Contains("campaigns: c-third", table.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("c-first", table.Output, StringComparison.Ordinal);
        Assert.Equal(("c-third", 1), Covered(json.Output));
    }

    [Fact]
    public async Task The_report_gives_each_campaign_its_status_and_planned_slots_and_lists_one_with_no_rollouts()
    {
        await _archive.AddAsync(Campaign("c-empty", "arithmetic", Monday.AddDays(3)), []);

        var latest = await _archive.AssayAsync("report");
        var pooled = await _archive.AssayAsync("report", "--format", "markdown", "--campaign", "c-first,c-empty");

        Assert.True(latest.ExitCode == 0, latest.Output + latest.Error);
        Assert.Contains("c-empty: incomplete, 0 of " + Planned + " planned slots archived", latest.Output, StringComparison.Ordinal);
        Assert.True(pooled.ExitCode == 0, pooled.Output + pooled.Error);
        Assert.Contains("`c-first`: incomplete, 2 of " + Planned + " planned slots archived", pooled.Output, StringComparison.Ordinal);
        Assert.Contains("`c-empty`: incomplete, 0 of " + Planned + " planned slots archived", pooled.Output, StringComparison.Ordinal);
    }

    /// <summary>Every problem of the built-in arithmetic suite, twice (the campaigns' N).</summary>
    private static int Planned => SuiteCatalog.Resolve("arithmetic").Count * 2;

    [Theory]
    [InlineData("--campaign", "c-first,c-second")]
    [InlineData("--campaign", "c-first", "--campaign", "c-second")]
    public async Task Campaigns_named_by_the_user_are_pooled_and_named(params string[] selection)
    {
        var table = await _archive.AssayAsync(["report", .. selection]);
        var json = await _archive.AssayAsync(["report", "--format", "json", .. selection]);

        Assert.True(table.ExitCode == 0, table.Output + table.Error);
        Assert.Contains("campaigns: c-first, c-second", table.Output, StringComparison.Ordinal);
        Assert.Equal(("c-first, c-second", 3), Covered(json.Output));
    }

    [Fact]
    public async Task All_pools_every_campaign()
    {
        var json = await _archive.AssayAsync("report", "--format", "json", "--all");

        Assert.True(json.ExitCode == 0, json.Output + json.Error);
        Assert.Equal(("c-first, c-second, c-third", 4), Covered(json.Output));
    }

    [Theory]
    [InlineData("--campaign c-nope", "--campaign c-nope: no campaign with this id")]
    [InlineData("--all --campaign c-first", "--all and --campaign: give one or the other")]
    public async Task A_selection_that_cannot_be_met_is_one_line_and_exit_code_2(string arguments, string message)
    {
        var result = await _archive.AssayAsync(["report", .. arguments.Split(' ')]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    private static (string Campaigns, int Rollouts) Covered(string json)
    {
        using var document = JsonDocument.Parse(json);
        var entry = Assert.Single(document.RootElement.GetProperty("entries").EnumerateArray());
        return (string.Join(", ", entry.GetProperty("campaign_ids").EnumerateArray().Select(e => e.GetString())), entry.GetProperty("rollouts").GetInt32());
    }
}
