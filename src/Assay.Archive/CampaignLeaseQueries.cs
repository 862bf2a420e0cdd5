using System.Data.Common;
using Dapper;

namespace Assay.Archive;

/// <summary>The campaign lease and state rows (migration 7): plain SQL, with the database's clock spelt per dialect so
/// an expiry is judged by one clock whichever machine asks.</summary>
internal static class CampaignLeaseQueries
{
    /// <summary>Takes the lease when nobody holds it, its expiry has passed, or it is still held by
    /// <paramref name="replacing"/> (a holder known to be gone); returns whoever holds it afterwards.</summary>
    public static async Task<CampaignLeaseHolder> TakeAsync(
        DbConnection connection, SqlDialect dialect, string campaignId, CampaignLeaseClaim claim, string? replacing, CancellationToken cancellationToken)
    {
        var now = Now(dialect);
        // One statement: two processes taking one lease at once cannot both succeed.
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO campaign_leases (campaign_id, owner_host, owner_pid, owner_token, since_us, heartbeat_us, expires_us) " +
            $"VALUES (@CampaignId, @Host, @Pid, @Token, {now}, {now}, {now} + @TtlUs) " +
            "ON CONFLICT (campaign_id) DO UPDATE SET owner_host = excluded.owner_host, owner_pid = excluded.owner_pid, " +
            "owner_token = excluded.owner_token, since_us = excluded.since_us, heartbeat_us = excluded.heartbeat_us, expires_us = excluded.expires_us " +
            $"WHERE campaign_leases.expires_us < {now} OR campaign_leases.owner_token = @Replacing",
            new { CampaignId = campaignId, claim.Host, claim.Pid, claim.Token, TtlUs = ArchiveColumns.ToMicroseconds(claim.TimeToLive), Replacing = replacing },
            cancellationToken: cancellationToken));
        return (await ReadAsync(connection, dialect, campaignId, cancellationToken))
            ?? throw new InvalidOperationException($"The lease of campaign {campaignId} vanished as it was taken.");
    }

    /// <summary>Pushes the expiry on while <paramref name="token"/> holds the lease; false when it no longer does.</summary>
    public static async Task<bool> RenewAsync(DbConnection connection, SqlDialect dialect, string campaignId, string token, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var now = Now(dialect);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE campaign_leases SET heartbeat_us = {now}, expires_us = {now} + @TtlUs WHERE campaign_id = @CampaignId AND owner_token = @Token",
            new { CampaignId = campaignId, Token = token, TtlUs = ArchiveColumns.ToMicroseconds(timeToLive) },
            cancellationToken: cancellationToken));
        return changed == 1;
    }

    /// <summary>Gives the lease up, if <paramref name="token"/> still holds it.</summary>
    public static Task ReleaseAsync(DbConnection connection, string campaignId, string token, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM campaign_leases WHERE campaign_id = @CampaignId AND owner_token = @Token",
            new { CampaignId = campaignId, Token = token },
            cancellationToken: cancellationToken));

    /// <summary>Every lease held (or left by a process that died), expiry judged now by the database's clock.</summary>
    public static async Task<IReadOnlyList<CampaignLeaseHolder>> ListAsync(DbConnection connection, SqlDialect dialect, CancellationToken cancellationToken) =>
        [.. (await connection.QueryAsync<Row>(new CommandDefinition($"{Select(dialect)} FROM campaign_leases", cancellationToken: cancellationToken)))
            .Select(row => row.ToHolder())];

    public static Task SetStateAsync(DbConnection connection, CampaignState state, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO campaign_states (campaign_id, status, reason, planned, updated_at_us) VALUES (@CampaignId, @Status, @Reason, @Planned, @UpdatedAt) " +
            "ON CONFLICT (campaign_id) DO UPDATE SET status = excluded.status, reason = excluded.reason, planned = excluded.planned, updated_at_us = excluded.updated_at_us",
            new { state.CampaignId, state.Status, state.Reason, state.Planned, UpdatedAt = ArchiveColumns.ToMicroseconds(state.UpdatedAt) },
            cancellationToken: cancellationToken));

    public static async Task<IReadOnlyList<CampaignState>> ListStatesAsync(DbConnection connection, CancellationToken cancellationToken) =>
        [.. (await connection.QueryAsync<(string CampaignId, string Status, string? Reason, int Planned, long UpdatedAt)>(new CommandDefinition(
            "SELECT campaign_id, status, reason, planned, updated_at_us FROM campaign_states", cancellationToken: cancellationToken)))
            .Select(r => new CampaignState(r.CampaignId, r.Status, r.Reason, r.Planned, ArchiveColumns.ToTime(r.UpdatedAt)))];

    private static async Task<CampaignLeaseHolder?> ReadAsync(DbConnection connection, SqlDialect dialect, string campaignId, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Select(dialect)} FROM campaign_leases WHERE campaign_id = @CampaignId", new { CampaignId = campaignId }, cancellationToken: cancellationToken)))?.ToHolder();

    private static string Select(SqlDialect dialect) =>
        "SELECT campaign_id AS CampaignId, owner_host AS Host, owner_pid AS Pid, owner_token AS Token, since_us AS SinceUs, " +
        $"heartbeat_us AS HeartbeatUs, CASE WHEN expires_us < {Now(dialect)} THEN 1 ELSE 0 END AS Expired";

    /// <summary>The database's clock in microseconds since the Unix epoch.</summary>
    private static string Now(SqlDialect dialect) => dialect == SqlDialect.Sqlite
        ? "CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER)"
        : "CAST(extract(epoch FROM clock_timestamp()) * 1000000 AS BIGINT)";

    private sealed class Row
    {
        public string CampaignId { get; set; } = "";
        public string Host { get; set; } = "";
        public int Pid { get; set; }
        public string Token { get; set; } = "";
        public long SinceUs { get; set; }
        public long HeartbeatUs { get; set; }
        public int Expired { get; set; }

        public CampaignLeaseHolder ToHolder() =>
            new(CampaignId, Host, Pid, Token, ArchiveColumns.ToTime(SinceUs), ArchiveColumns.ToTime(HeartbeatUs), Expired != 0);
    }
}
