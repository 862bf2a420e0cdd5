namespace Assay.Archive;

/// <summary>Another process holds the campaign's lease: this one must not run it. The message names the holder.</summary>
public sealed class CampaignLeaseHeldException : Exception
{
    /// <summary>Creates the exception for <paramref name="holder"/>.</summary>
    public CampaignLeaseHeldException(CampaignLeaseHolder holder)
        : base($"campaign {holder?.CampaignId} is being run by {holder?.Describe()}")
    {
        ArgumentNullException.ThrowIfNull(holder);
        Holder = holder;
    }

    /// <summary>Creates the exception without a holder (prefer the other constructor).</summary>
    public CampaignLeaseHeldException()
    {
    }

    /// <summary>Creates the exception with a message (prefer the constructor that takes the holder).</summary>
    public CampaignLeaseHeldException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause (prefer the constructor that takes the holder).</summary>
    public CampaignLeaseHeldException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Who holds the lease, when known.</summary>
    public CampaignLeaseHolder? Holder { get; }
}
