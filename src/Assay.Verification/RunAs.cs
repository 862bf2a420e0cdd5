using System.Globalization;

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

        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name)
            {
                var uid = int.Parse(fields[2], CultureInfo.InvariantCulture);
                if (uid == 0)
                {
                    throw new InvalidOperationException($"SandboxOptions.RunAsUser '{name}' is root, not an unprivileged user.");
                }

                return new RunAs(name, uid, int.Parse(fields[3], CultureInfo.InvariantCulture));
            }
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
