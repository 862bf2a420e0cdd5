namespace Assay.Cluster;

/// <summary>A worker's verifier is not the one whose verdicts the campaign carries: its verdicts would not be comparable,
/// so it takes none of the campaign's slots.</summary>
public sealed class VerifierMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VerifierMismatchException(string campaignId, string campaignVerifier, string workerVerifier)
        : base($"campaign {campaignId} is scored by verifier '{campaignVerifier}'; this worker's is '{workerVerifier}': refused (run workers with the same sandbox, interpreter and isolation)")
    {
    }

    /// <summary>Creates the exception.</summary>
    public VerifierMismatchException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public VerifierMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public VerifierMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
