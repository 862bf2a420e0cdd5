namespace Assay.Verification.Tests;

/// <summary>The options of each <see cref="SandboxLeg"/>.</summary>
internal static class SandboxLegs
{
    /// <summary>The unprivileged user of the second leg; <c>.ci/install</c> creates it.</summary>
    public const string User = "assay-sandbox-test";

    /// <summary>Why the unprivileged leg cannot run here, or null when it can: only root may start workers as another user.</summary>
    public static string? UnprivilegedSkipReason =>
        Environment.IsPrivilegedProcess ? null : $"the unprivileged leg starts workers as '{User}', which only root may do";

    /// <summary><paramref name="options"/> as <paramref name="leg"/> runs them.</summary>
    public static SandboxOptions Apply(SandboxLeg leg, SandboxOptions options) => leg switch
    {
        SandboxLeg.Root => options,
        SandboxLeg.Unprivileged => options with { RunAsUser = User, Python = "/usr/bin/python3" },
        _ => throw new ArgumentOutOfRangeException(nameof(leg)),
    };

    /// <summary>Starts a sandbox for <paramref name="leg"/>.</summary>
    public static Task<PythonSandbox> StartAsync(SandboxLeg leg, SandboxOptions options) =>
        PythonSandbox.StartAsync(Apply(leg, options));
}
