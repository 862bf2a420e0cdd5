using System.Diagnostics;

namespace Assay.Archive.Tests;

/// <summary>Campaign leases and states (migration 7): one runner per campaign, a stale lease taken over safely.</summary>
public abstract partial class ArchiveContractTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_held_lease_is_refused_to_a_second_process_which_learns_the_holder()
    {
        await using var archive = await OpenAsync();
        var first = new CampaignLeaseClaim("host-a", 101, "token-a", Long);
        var second = new CampaignLeaseClaim("host-b", 202, "token-b", Long);

        var taken = await archive.TakeLeaseAsync("c1", first);
        var refused = await archive.TakeLeaseAsync("c1", second);

        Assert.Equal(("token-a", "host-a", 101, false), (taken.Token, taken.Host, taken.Pid, taken.Expired));
        Assert.Equal("token-a", refused.Token);
        Assert.False(await archive.RenewLeaseAsync("c1", "token-b", Long));
        Assert.True(await archive.RenewLeaseAsync("c1", "token-a", Long));

        await archive.ReleaseLeaseAsync("c1", "token-b"); // not the holder: nothing happens
        Assert.Equal("token-a", (await archive.TakeLeaseAsync("c1", second)).Token);
        await archive.ReleaseLeaseAsync("c1", "token-a");
        Assert.Equal("token-b", (await archive.TakeLeaseAsync("c1", second)).Token);
    }

    [Fact]
    public async Task A_lease_past_its_expiry_by_the_database_clock_is_taken_over_and_its_old_holder_cannot_renew()
    {
        await using var archive = await OpenAsync();
        await archive.TakeLeaseAsync("c1", new CampaignLeaseClaim("host-a", 101, "token-a", TimeSpan.FromMilliseconds(1)));
        await Task.Delay(50);

        Assert.True(Assert.Single(await archive.ListLeasesAsync()).Expired);
        var taken = await archive.TakeLeaseAsync("c1", new CampaignLeaseClaim("host-b", 202, "token-b", Long));

        Assert.Equal("token-b", taken.Token);
        Assert.False(await archive.RenewLeaseAsync("c1", "token-a", Long));
    }

    [Fact]
    public async Task A_second_campaign_lease_in_one_archive_is_refused_naming_host_pid_and_since()
    {
        await using var archive = await OpenAsync();
        await using var lease = await CampaignLease.AcquireAsync(archive, "c1", TimeProvider.System);

        var refused = await Assert.ThrowsAsync<CampaignLeaseHeldException>(() => CampaignLease.AcquireAsync(archive, "c1", TimeProvider.System));

        Assert.Contains($"host {Environment.MachineName}, pid {Environment.ProcessId}, since ", refused.Message, StringComparison.Ordinal);
        await using var other = await CampaignLease.AcquireAsync(archive, "c2", TimeProvider.System); // another campaign is free
    }

    [Fact]
    public async Task The_lease_of_a_process_gone_from_this_host_is_taken_over_at_once_and_released_at_the_end()
    {
        await using var archive = await OpenAsync();
        using (var gone = Process.Start("true"))
        {
            await gone.WaitForExitAsync();
            await archive.TakeLeaseAsync("c1", new CampaignLeaseClaim(Environment.MachineName, gone.Id, "token-dead", Long));
        }

        await using (var lease = await CampaignLease.AcquireAsync(archive, "c1", TimeProvider.System))
        {
            Assert.Equal(Environment.ProcessId, Assert.Single(await archive.ListLeasesAsync()).Pid);
            Assert.False(lease.Lost.IsCancellationRequested);
        }

        Assert.Empty(await archive.ListLeasesAsync());
    }

    [Fact]
    public async Task A_holder_whose_lease_was_taken_over_learns_it_at_its_next_heartbeat()
    {
        await using var archive = await OpenAsync();
        await using var lease = await CampaignLease.AcquireAsync(archive, "c1", TimeProvider.System, TimeSpan.FromMilliseconds(300));
        await archive.ReleaseLeaseAsync("c1", lease.Holder.Token); // as if it had expired and been taken
        await archive.TakeLeaseAsync("c1", new CampaignLeaseClaim("host-b", 202, "token-b", Long));

        await Task.Delay(Timeout.Infinite, lease.Lost).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("another process took the campaign over", lease.LostReason, StringComparison.Ordinal);
        Assert.Equal("token-b", Assert.Single(await archive.ListLeasesAsync()).Token);
    }

    [Fact]
    public async Task A_campaign_state_is_replaced_by_the_latest_run()
    {
        await using var archive = await OpenAsync();
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        await archive.SetCampaignStateAsync(new CampaignState("c1", CampaignState.Running, null, 40, at));
        await archive.SetCampaignStateAsync(new CampaignState("c2", CampaignState.Running, null, 8, at));
        await archive.SetCampaignStateAsync(new CampaignState("c1", CampaignState.Stopped, "budget", 40, at.AddMinutes(1)));

        var states = (await archive.ListCampaignStatesAsync()).OrderBy(s => s.CampaignId, StringComparer.Ordinal).ToList();

        Assert.Equal(
            [new CampaignState("c1", CampaignState.Stopped, "budget", 40, at.AddMinutes(1)), new CampaignState("c2", CampaignState.Running, null, 8, at)],
            states);
    }
}
