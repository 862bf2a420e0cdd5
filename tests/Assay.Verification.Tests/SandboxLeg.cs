namespace Assay.Verification.Tests;

/// <summary>Who the sandbox's workers run as. Every attack and isolation test runs once per leg: the sandbox must
/// hold for root and for a normal user alike.</summary>
public enum SandboxLeg
{
    /// <summary>This process's own user (root in CI), with the default interpreter.</summary>
    Root,

    /// <summary>The workers run as <see cref="SandboxLegs.User"/> (created by <c>.ci/install</c>) with the system's
    /// python3, as a normal user's would: the default interpreter under /root is unreadable to them.</summary>
    Unprivileged,
}
