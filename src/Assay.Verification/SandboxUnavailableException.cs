namespace Assay.Verification;

/// <summary>No namespace could be made for the sandbox, and running untrusted code without one was not allowed
/// (<see cref="SandboxOptions.UnsafeNoSandbox"/>, the CLI's <c>--unsafe-no-sandbox</c>).</summary>
public sealed class SandboxUnavailableException : InvalidOperationException
{
    public SandboxUnavailableException()
    {
    }

    public SandboxUnavailableException(string message)
        : base(message)
    {
    }

    public SandboxUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
