namespace Assay.Archive;

/// <summary>The process that holds (or last held) a campaign's lease, as the archive records it.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Host">The holder's host name.</param>
/// <param name="Pid">The holder's process id on that host.</param>
/// <param name="Token">A random token naming this one holding (a pid can be reused; a token is not).</param>
/// <param name="Since">When the holder took the lease.</param>
/// <param name="Heartbeat">The holder's latest renewal.</param>
/// <param name="Expired">True once the lease's expiry has passed by the database's clock: anyone may take it over.</param>
public sealed record CampaignLeaseHolder(string CampaignId, string Host, int Pid, string Token, DateTimeOffset Since, DateTimeOffset Heartbeat, bool Expired)
{
    /// <summary>"host H, pid P, since T": how a refusal names the holder.</summary>
    public string Describe() =>
        $"host {Host}, pid {Pid}, since {Since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (last heartbeat {Heartbeat.UtcDateTime:HH:mm:ss}Z)";
}
