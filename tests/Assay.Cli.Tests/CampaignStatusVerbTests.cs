using System.Diagnostics;
using System.Text.Json;
using Assay.Archive;
using static Assay.Cli.Tests.ArchivedCampaigns;

namespace Assay.Cli.Tests;

/// <summary><c>assay campaigns</c> tells a campaign in progress from a finished or stopped one, by what its runs
/// recorded and who holds its lease, and lists campaigns with no rollout yet.</summary>
public sealed class CampaignStatusVerbTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);
    private readonly ArchivedCampaigns _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public async Task Running_stopped_killed_and_empty_campaigns_show_their_status_reason_and_planned_count()
    {
        await _archive.AddAsync(Campaign("c-running", "arithmetic", Monday), []);
        await _archive.AddAsync(Campaign("c-budget", "arithmetic", Monday.AddHours(1)), []);
        await _archive.AddAsync(Campaign("c-killed", "arithmetic", Monday.AddHours(2)), []);
        await _archive.AddAsync(Campaign("c-empty", "arithmetic", Monday.AddHours(3)), []);
        await using (var archive = await ArchiveFactory.OpenAsync(_archive.Db))
        {
            await archive.SetCampaignStateAsync(new CampaignState("c-running", CampaignState.Running, null, 48, Monday));
            await archive.SetCampaignStateAsync(new CampaignState("c-budget", CampaignState.Stopped, "budget", 12, Monday));
            await archive.SetCampaignStateAsync(new CampaignState("c-killed", CampaignState.Running, null, 7, Monday));
            // This test process holds c-running's lease; c-killed's holder is a process that exited.
            await archive.TakeLeaseAsync("c-running", new CampaignLeaseClaim(Environment.MachineName, Environment.ProcessId, "live", Long));
            using var gone = Process.Start("true");
            await gone.WaitForExitAsync();
            await archive.TakeLeaseAsync("c-killed", new CampaignLeaseClaim(Environment.MachineName, gone.Id, "dead", Long));
        }

        var json = await _archive.AssayAsync("campaigns", "--format", "json");
        var table = await _archive.AssayAsync("campaigns");

        Assert.True(json.ExitCode == 0, json.Error);
        using var document = JsonDocument.Parse(json.Output);
        var rows = document.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal(4, rows.Count); // no rollout in any of them, every one listed
        (string?, string?, int) Row(string id) =>
            (rows[id].GetProperty("status").GetString(), rows[id].GetProperty("stop_reason").GetString(), rows[id].GetProperty("planned").GetInt32());
        Assert.Equal(("running", null, 48), Row("c-running"));
        Assert.Equal(Environment.ProcessId, rows["c-running"].GetProperty("owner").GetProperty("pid").GetInt32());
        Assert.Equal(("stopped", "budget", 12), Row("c-budget"));
        Assert.Equal(("stopped", "no-heartbeat", 7), Row("c-killed"));
        Assert.Equal("incomplete", rows["c-empty"].GetProperty("status").GetString()); // no run recorded a state
        Assert.Contains($"running (host {Environment.MachineName}, pid {Environment.ProcessId})", table.Output, StringComparison.Ordinal);
        Assert.Contains("stopped (budget)", table.Output, StringComparison.Ordinal);
        Assert.Contains("stopped (no-heartbeat)", table.Output, StringComparison.Ordinal);
    }
}
