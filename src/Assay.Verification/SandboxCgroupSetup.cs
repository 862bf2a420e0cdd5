namespace Assay.Verification;

/// <summary>The public face of <c>assay sandbox setup</c>: hands a user the cgroup subtree their sandboxes use.</summary>
public static class SandboxCgroupSetup
{
    /// <summary>As root, creates <c>assay-u&lt;uid&gt;</c> under each cgroup hierarchy the sandbox uses and gives it to
    /// the user <paramref name="userName"/>. Returns the directories. Throws <see cref="UnauthorizedAccessException"/> when
    /// not root, <see cref="ArgumentException"/> when there is no such user.</summary>
    public static IReadOnlyList<string> Delegate(string userName)
    {
        var entry = PasswdEntry.Find(userName) ?? throw new ArgumentException($"no such user in /etc/passwd: {userName}", nameof(userName));
        return SandboxCgroups.Delegate(entry.Uid, entry.Gid);
    }
}
