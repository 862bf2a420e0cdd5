namespace Assay.Archive;

/// <summary>Who asks for a campaign's lease, and for how long a renewal keeps it.</summary>
/// <param name="Host">This host's name.</param>
/// <param name="Pid">This process's id.</param>
/// <param name="Token">A random token naming this holding.</param>
/// <param name="TimeToLive">How long the lease stays held after a renewal without another.</param>
public sealed record CampaignLeaseClaim(string Host, int Pid, string Token, TimeSpan TimeToLive);
