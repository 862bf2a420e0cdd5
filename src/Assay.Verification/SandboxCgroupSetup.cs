namespace Assay.Verification;

/// <summary>The public face of <c>assay sandbox setup</c>: hands a user the cgroup subtree their sandboxes use.</summary>
public static class SandboxCgroupSetup
{
    /// <summary>As root, creates <c>assay-u&lt;uid&gt;</c> under each cgroup hierarchy the sandbox uses and gives it to
    /// <paramref name="uid"/>. Returns the directories. Throws <see cref="UnauthorizedAccessException"/> when not root.</summary>
    public static IReadOnlyList<string> Delegate(int uid, int gid) => SandboxCgroups.Delegate(uid, gid);
}
