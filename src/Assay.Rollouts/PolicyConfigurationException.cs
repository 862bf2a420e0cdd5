namespace Assay.Rollouts;

/// <summary>A policy cannot be built from what the user gave: an unknown scheme, a malformed model name, a missing key.</summary>
public sealed class PolicyConfigurationException : Exception
{
    public PolicyConfigurationException(string message)
        : base(message)
    {
    }

    public PolicyConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PolicyConfigurationException()
    {
    }
}
