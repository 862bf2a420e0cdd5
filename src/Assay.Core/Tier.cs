namespace Assay.Core;

/// <summary>What an API key may see.</summary>
public enum Tier
{
    /// <summary>Aggregate leaderboards and positive rollouts older than the embargo.</summary>
    Public,
    /// <summary>Everything, at once.</summary>
    Subscriber,
    /// <summary>Everything, and may manage keys.</summary>
    Admin,
}
