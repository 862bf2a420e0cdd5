using System.Globalization;

namespace Assay.Verification;

internal sealed partial class SandboxLaunch
{
    /// <summary>
    /// Removes what sandboxes of processes that no longer run left behind (a SIGKILL gives them no chance to clean
    /// up): their private directories under the temporary directory and their empty cgroups. What a live process
    /// owns, and a cgroup that still holds a task, is left alone.
    /// </summary>
    internal static void SweepLeftovers(int? uid)
    {
        foreach (var directory in OwnedByDeadProcesses(SafeDirectories(Path.GetTempPath(), DirectoryPrefix + "-p*")))
        {
            TryDelete(() => System.IO.Directory.Delete(directory, recursive: true));
        }

        foreach (var cgroup in OwnedByDeadProcesses(SandboxCgroups.Leaves(uid)))
        {
            TryDelete(() => System.IO.Directory.Delete(cgroup));
        }
    }

    private static string[] SafeDirectories(string parent, string pattern)
    {
        try
        {
            return System.IO.Directory.GetDirectories(parent, pattern);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static IEnumerable<string> OwnedByDeadProcesses(IEnumerable<string> candidates)
    {
        foreach (var path in candidates)
        {
            var name = Path.GetFileName(path);
            var at = name.IndexOf("-p", StringComparison.Ordinal);
            var end = at < 0 ? -1 : name.IndexOf('-', at + 2);
            if (end > at + 2
                && int.TryParse(name.AsSpan(at + 2, end - at - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && !System.IO.Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture)))
            {
                yield return path;
            }
        }
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another sweeper got there first, or a cgroup still holds a task: leave it.
        }
    }
}
