using Assay.Archive.Results;

namespace Assay.Service.Tests.Results;

/// <summary>The audit log on a real SQLite archive (the PostgreSQL run is <see cref="PostgresAuditTests"/>).</summary>
public class AuditTests
{
    protected virtual Task<string?> PostgresAsync() => Task.FromResult<string?>(null);

    [Fact]
    public async Task The_audit_log_records_who_read_what_refused_requests_included()
    {
        await using var host = await ResultsHost.StartAsync(await PostgresAsync());
        using (var subscriber = host.Client("subscriber"))
        using (var forged = host.Client("forged"))
        {
            await subscriber.GetAsync("v1/rollouts?model=m1");
            await forged.GetAsync("v1/campaigns");
        }

        var subscriberId = (await new ServiceKeyStore(host.Archive, host.Clock).VerifyAsync(host.Keys["subscriber"]))!.Id;
        IReadOnlyList<AuditEntry> entries = [];
        var results = new ResultsArchive(host.Archive);
        for (var wait = 0; wait < 100 && entries.Count < 2; wait++)
        {
            // Written in the background in batches: give it a moment.
            await Task.Delay(50);
            entries = await results.AuditAsync(10, null);
        }

        Assert.Contains(entries, e => e.KeyId == subscriberId && e.Path == "/v1/rollouts?model=m1" && e.Status == 200 && e.Tier == Core.Tier.Subscriber);
        Assert.Contains(entries, e => e.KeyId is null && e.Path == "/v1/campaigns" && e.Status == 401);
    }
}
