namespace Assay.Verification.Tests;

/// <summary>A fact that needs root (it hands cgroups to another user); skipped, with the reason, otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "needs root: it hands a cgroup subtree to another user, as `sudo assay sandbox setup` does";
        }
    }
}
