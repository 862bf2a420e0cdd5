namespace Assay.Verification;

/// <summary>The unprivileged user root starts the workers as (<see cref="SandboxOptions.RunAsUser"/>), from /etc/passwd.</summary>
internal sealed record RunAs(string Name, int Uid, int Gid)
{
    public static RunAs Resolve(string name)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException($"SandboxOptions.RunAsUser '{name}': only root may start the sandbox as another user.");
        }

        if (PasswdEntry.Find(name) is { } entry)
        {
            if (entry.Uid == 0)
            {
                throw new InvalidOperationException($"SandboxOptions.RunAsUser '{name}' is root, not an unprivileged user.");
            }

            return new RunAs(name, entry.Uid, entry.Gid);
        }

        throw new InvalidOperationException($"SandboxOptions.RunAsUser '{name}': no such user in /etc/passwd.");
    }

    /// <summary>Gives <paramref name="path"/> to this user.</summary>
    public void Own(string path)
    {
        if (NativeMethods.Chown(path, Uid, Gid) != 0)
        {
            throw new IOException($"chown {path} to {Name}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }
}
