namespace Assay.Rollouts;

/// <summary>A campaign that must not start: a prompt that cannot fit the model's context, or a probe request that failed.</summary>
public sealed class PreflightException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line naming what is wrong (the problem id, the service's answer).</param>
    /// <param name="refused">True when the service refused (or would refuse) the request for good; false for an outage.</param>
    /// <param name="innerException">The probe's failure, if any.</param>
    public PreflightException(string message, bool refused, Exception? innerException = null)
        : base(message, innerException) => Refused = refused;

    public PreflightException()
    {
    }

    public PreflightException(string message)
        : base(message)
    {
    }

    public PreflightException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True for a configuration error (<see cref="Assay.Core.VerdictStatus.Refused"/>); false for an outage.</summary>
    public bool Refused { get; }
}
