using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assay.Archive.Results;

namespace Assay.Service.Tests.Results;

/// <summary>
/// What the server holds in memory (verified keys, computed views) follows the archive: a revoked key stops working and
/// a public view changes exactly when a rollout leaves the embargo, whoever changed what and however the clock moves.
/// </summary>
public sealed class FreshnessTests
{
    [Fact]
    public async Task A_key_revoked_by_another_process_stops_working_within_the_refresh_interval()
    {
        await using var host = await ResultsHost.StartAsync(refreshInterval: TimeSpan.FromMilliseconds(100));
        using var client = host.Client("subscriber");
        using var working = await client.GetAsync("v1/campaigns");
        var store = new ServiceKeyStore(host.Archive, host.Clock);
        var id = (await store.VerifyAsync(host.Keys["subscriber"]))!.Id;

        // As `assay keys revoke` does it: straight into the archive, nothing said to the server.
        await store.RevokeAsync(id);
        var watch = Stopwatch.StartNew();
        var status = HttpStatusCode.OK;
        while (status == HttpStatusCode.OK && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
            using var response = await client.GetAsync("v1/campaigns");
            status = response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, working.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        // 100 ms interval; the rest is slack for a loaded machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_key_revoked_through_the_admin_endpoint_stops_working_at_once()
    {
        // An hour between reads of the archive: only the revocation itself can stop the key in time.
        await using var host = await ResultsHost.StartAsync(refreshInterval: TimeSpan.FromHours(1));
        using var subscriber = host.Client("subscriber");
        using var admin = host.Client("admin");
        using var before = await subscriber.GetAsync("v1/campaigns");
        var id = (await new ServiceKeyStore(host.Archive, host.Clock).VerifyAsync(host.Keys["subscriber"]))!.Id;

        using var revoked = await admin.DeleteAsync($"v1/keys/{id}");
        using var after = await subscriber.GetAsync("v1/campaigns");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_public_leaderboard_computed_ahead_changes_exactly_when_the_next_rollout_leaves_the_embargo()
    {
        await using var host = await ResultsHost.StartAsync(refreshInterval: TimeSpan.FromMilliseconds(100));
        using var client = host.Client(null);
        var path = $"v1/leaderboard?suite={SeededArchive.Suite}&k=1";
        // c-old's p3 rollouts were made 10 days before Now: public from Now + 80 days on, to the microsecond.
        var release = SeededArchive.Now.AddDays(80);

        async Task<long> PublicSamplesAsync()
        {
            var board = await client.GetFromJsonAsync<JsonElement>(path);
            return Assert.Single(board.GetProperty("entries").EnumerateArray()).GetProperty("samples").GetInt64();
        }

        var warm = await PublicSamplesAsync();
        host.Clock.SetUtcNow(release - TimeSpan.FromMilliseconds(100));
        // Within 500 ms of the boundary (five intervals): the next view is computed in the background meanwhile.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var justBefore = await PublicSamplesAsync();
        host.Clock.SetUtcNow(release - TimeSpan.FromTicks(10));
        var aMicrosecondBefore = await PublicSamplesAsync();
        host.Clock.SetUtcNow(release);
        var atTheBoundary = await PublicSamplesAsync();

        Assert.Equal(4, warm);
        Assert.Equal(4, justBefore);
        Assert.Equal(4, aMicrosecondBefore);
        Assert.Equal(5, atTheBoundary);
    }
}
