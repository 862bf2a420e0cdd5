using System.Globalization;

namespace Assay.Verification;

/// <summary>
/// One cgroup per worker in each of the memory, cpu and pids controllers, which only the worker's candidate (and
/// whatever it starts) joins: memory, one core of CPU and a number of tasks are bounded per candidate, not per
/// process. cgroup v1 (a hierarchy per controller) and v2 (one unified hierarchy) are both handled. Root uses
/// <c>assay/</c> under each hierarchy; any other user the subtree <c>assay-u&lt;uid&gt;/</c> that
/// <c>sudo assay sandbox setup</c> handed to them (<see cref="Delegate"/>).
/// </summary>
internal sealed class SandboxCgroups
{
    internal const string Root = "/sys/fs/cgroup";
    private static readonly string[] s_controllers = ["memory", "cpu", "pids"];
    private readonly List<string> _leaves = [];
    private readonly bool _unified;

    private SandboxCgroups(bool unified) => _unified = unified;

    /// <summary>True on a cgroup v2 (unified) machine.</summary>
    internal static bool Unified => File.Exists(Path.Combine(Root, "cgroup.controllers"));

    /// <summary>The directories under which a user's sandboxes make their cgroups, one per v1 controller or one for v2.</summary>
    internal static IReadOnlyList<string> Bases(int? uid)
    {
        var name = uid is null ? "assay" : "assay-u" + uid.Value.ToString(CultureInfo.InvariantCulture);
        return Unified ? [Path.Combine(Root, name)] : [.. s_controllers.Select(c => Path.Combine(Root, c, name))];
    }

    /// <summary>Creates worker cgroups named <paramref name="prefix"/> + "w" + index, with the candidate's limits.
    /// <paramref name="delegatedUid"/> is null for root's own sandboxes; otherwise the subtree handed to that user is
    /// used, and (when this process is root) the leaves are given to that user. Returns null, with the reason, when
    /// the machine or the user's rights do not allow it.</summary>
    public static SandboxCgroups? TryCreate(string prefix, int workers, SandboxOptions options, int? delegatedUid, out string reason)
    {
        var unified = Unified;
        var bases = Bases(delegatedUid);
        foreach (var directory in bases)
        {
            if (delegatedUid is not null && !Directory.Exists(directory))
            {
                reason = $"no cgroup subtree was handed to uid {delegatedUid} ({directory} is missing; run `sudo assay sandbox setup --user NAME` once)";
                return null;
            }

            if (delegatedUid is null && !Directory.Exists(Path.GetDirectoryName(directory)))
            {
                reason = $"the cgroup hierarchy {Path.GetDirectoryName(directory)} is not mounted";
                return null;
            }
        }

        var cgroups = new SandboxCgroups(unified);
        try
        {
            if (unified && delegatedUid is null)
            {
                EnableControllers(Root);
                Directory.CreateDirectory(bases[0]);
                EnableControllers(bases[0]);
            }

            for (var i = 0; i < workers; i++)
            {
                foreach (var directory in bases)
                {
                    var leaf = Path.Combine(directory, prefix + "w" + i.ToString(CultureInfo.InvariantCulture));
                    Directory.CreateDirectory(leaf);
                    cgroups._leaves.Add(leaf);
                    cgroups.Limit(leaf, options);
                    if (delegatedUid is not null && Environment.IsPrivilegedProcess)
                    {
                        Chown(leaf, delegatedUid.Value);
                        Chown(Path.Combine(leaf, "cgroup.procs"), delegatedUid.Value);
                    }
                }
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            cgroups.Delete();
            reason = $"could not create the sandbox's cgroups: {error.Message}";
            return null;
        }

        reason = "";
        return cgroups;
    }

    /// <summary>The <c>cgroup.procs</c> files worker <paramref name="index"/>'s candidate writes itself into.</summary>
    public IReadOnlyList<string> ProcsFiles(int index)
    {
        var perWorker = _unified ? 1 : s_controllers.Length;
        return [.. _leaves.Skip(index * perWorker).Take(perWorker).Select(leaf => Path.Combine(leaf, "cgroup.procs"))];
    }

    private void Limit(string leaf, SandboxOptions options)
    {
        var memory = options.MemoryBytes.ToString(CultureInfo.InvariantCulture);
        var tasks = options.MaxProcesses.ToString(CultureInfo.InvariantCulture);
        if (_unified)
        {
            File.WriteAllText(Path.Combine(leaf, "memory.max"), memory);
            WriteIfPresent(Path.Combine(leaf, "memory.swap.max"), "0");
            File.WriteAllText(Path.Combine(leaf, "cpu.max"), "100000 100000");
            File.WriteAllText(Path.Combine(leaf, "pids.max"), tasks);
            return;
        }

        switch (Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(leaf))))
        {
            case "memory":
                File.WriteAllText(Path.Combine(leaf, "memory.limit_in_bytes"), memory);
                WriteIfPresent(Path.Combine(leaf, "memory.memsw.limit_in_bytes"), memory);
                break;
            case "cpu":
                // One core's worth of time per 100 ms period, however many processes the candidate runs.
                File.WriteAllText(Path.Combine(leaf, "cpu.cfs_period_us"), "100000");
                File.WriteAllText(Path.Combine(leaf, "cpu.cfs_quota_us"), "100000");
                break;
            case "pids":
                File.WriteAllText(Path.Combine(leaf, "pids.max"), tasks);
                break;
        }
    }

    /// <summary>Removes the leaves; a leaf's last task may need a moment to leave it.</summary>
    public void Delete()
    {
        foreach (var leaf in _leaves)
        {
            for (var attempt = 0; Directory.Exists(leaf); attempt++)
            {
                try
                {
                    Directory.Delete(leaf);
                }
                catch (IOException) when (attempt < 40)
                {
                    Thread.Sleep(25);
                }
                catch (IOException)
                {
                    break; // still holds a task: the next sandbox's sweep removes it
                }
            }
        }
    }

    /// <summary>Every worker leaf under the bases this user has (the sweep keeps those whose owner process is gone).</summary>
    internal static IEnumerable<string> Leaves(int? uid) =>
        Bases(uid).Where(Directory.Exists).SelectMany(b => SafeDirectories(b, "*-p*-w*"));

    /// <summary>The one-time root step that gives <paramref name="uid"/> a subtree of its own (<c>assay sandbox setup</c>),
    /// so that user's sandboxes get per-candidate memory, CPU and task limits too. Returns the directories made.</summary>
    public static IReadOnlyList<string> Delegate(int uid, int gid)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new UnauthorizedAccessException("assay sandbox setup must run as root (sudo): only root can hand a cgroup subtree to a user");
        }

        if (Unified)
        {
            EnableControllers(Root);
        }

        var made = new List<string>();
        foreach (var directory in Bases(uid))
        {
            Directory.CreateDirectory(directory);
            if (Unified)
            {
                EnableControllers(directory);
            }

            foreach (var entry in new[] { directory }.Concat(Directory.GetFiles(directory)))
            {
                var name = Path.GetFileName(entry);
                if (entry == directory || name is "cgroup.procs" or "tasks" or "cgroup.subtree_control" or "cgroup.threads")
                {
                    Chown(entry, uid, gid);
                }
            }

            made.Add(directory);
        }

        return made;
    }

    private static void EnableControllers(string directory)
    {
        var available = File.ReadAllText(Path.Combine(directory, "cgroup.controllers")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var wanted = s_controllers.Where(available.Contains).Select(c => "+" + c);
        File.WriteAllText(Path.Combine(directory, "cgroup.subtree_control"), string.Join(' ', wanted));
    }

    private static void WriteIfPresent(string path, string value)
    {
        if (File.Exists(path))
        {
            File.WriteAllText(path, value);
        }
    }

    private static string[] SafeDirectories(string parent, string pattern)
    {
        try
        {
            return Directory.GetDirectories(parent, pattern);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static void Chown(string path, int uid, int gid = -1)
    {
        if (NativeMethods.Chown(path, uid, gid) != 0)
        {
            throw new IOException($"chown {path} to {uid}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }
}
