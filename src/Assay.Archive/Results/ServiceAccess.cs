namespace Assay.Archive.Results;

/// <summary>Who may call an endpoint at all; what the call then sees is <see cref="RolloutVisibility"/>'s business.</summary>
public enum ServiceAccess
{
    /// <summary>Any caller, a keyless one included (the public tier); the data it answers with is shaped by the tier.</summary>
    Anyone,
    /// <summary>A caller with a working key of any tier, when the server requires keys (nano's OpenAI-compatible API).</summary>
    KeyHolders,
    /// <summary>Admin keys only (keys, the audit log).</summary>
    Admin,
}
