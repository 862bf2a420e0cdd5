using System.Diagnostics;
using System.Globalization;

namespace Assay.Verification;

/// <summary>Everything needed to start workers: the resolved interpreter, the server script written to a
/// private directory, and each worker's uid and cgroup. Owns that directory and the cgroups.</summary>
internal sealed class SandboxLaunch
{
    private const string CgroupRoot = "/sys/fs/cgroup/pids";
    private static int s_instances;
    private readonly SandboxOptions _options;
    private readonly string _id = Guid.NewGuid().ToString("N")[..12];

    private SandboxLaunch(SandboxOptions options, string python, DirectoryInfo directory)
    {
        _options = options;
        Python = python;
        Directory = directory;
        ScriptPath = Path.Combine(directory.FullName, "sandbox_server.py");
        var instance = Interlocked.Increment(ref s_instances);
        // Distinct uids per worker keep one worker's candidates from signalling another's, and make
        // RLIMIT_NPROC a per-worker bound where no pids cgroup is available.
        FirstUid = options.FirstUid ?? 100_000 + ((Environment.ProcessId % 1024 * 16) + (instance % 16)) * 64;
        CanUseCgroups = System.IO.Directory.Exists(CgroupRoot) && Environment.IsPrivilegedProcess;
    }

    /// <summary>The interpreter's real executable.</summary>
    public string Python { get; }

    /// <summary>Private (0700) directory holding the script and the workers' root directories.</summary>
    public DirectoryInfo Directory { get; }

    /// <summary>Where the server script was written.</summary>
    public string ScriptPath { get; }

    /// <summary>The uid of worker 0's candidates.</summary>
    public int FirstUid { get; }

    private bool CanUseCgroups { get; }

    /// <summary>True when this process may create namespaces the way the server needs (root, unshare on PATH).</summary>
    public static bool NamespacesPossible(out string reason)
    {
        if (!OperatingSystem.IsLinux())
        {
            reason = "not Linux";
            return false;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            reason = "not running as root (namespaces with a distinct unprivileged uid per worker need root)";
            return false;
        }

        if (!File.Exists("/usr/bin/unshare") && !File.Exists("/bin/unshare"))
        {
            reason = "the unshare command (util-linux) is missing";
            return false;
        }

        reason = "";
        return true;
    }

    public static async Task<SandboxLaunch> CreateAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        var python = await ResolvePythonAsync(options.Python, cancellationToken).ConfigureAwait(false);
        SweepLeftovers();
        var directory = System.IO.Directory.CreateTempSubdirectory(OwnedPrefix(DirectoryPrefix, Environment.ProcessId));
        var launch = new SandboxLaunch(options, python, directory);
        var resource = typeof(SandboxLaunch).Assembly.GetManifestResourceStream("Assay.Verification.sandbox_server.py")
            ?? throw new InvalidOperationException("The sandbox server script is missing from the assembly.");
        await using (resource.ConfigureAwait(false))
        {
            var file = File.Create(launch.ScriptPath);
            await using (file.ConfigureAwait(false))
            {
                await resource.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }

        return launch;
    }

    /// <summary>The command line of worker <paramref name="index"/>.</summary>
    public ProcessStartInfo StartInfo(int index, bool namespaces)
    {
        var root = Path.Combine(Directory.FullName, "root-" + index.ToString(CultureInfo.InvariantCulture));
        System.IO.Directory.CreateDirectory(root);
        var startInfo = new ProcessStartInfo
        {
            FileName = namespaces ? "unshare" : Python,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (namespaces)
        {
            foreach (var flag in new[] { "--mount", "--net", "--pid", "--fork", "--kill-child", "--", Python })
            {
                startInfo.ArgumentList.Add(flag);
            }
        }

        foreach (var argument in new[] { "-I", "-S", "-B", ScriptPath })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var settings = new (string Key, string Value)[]
        {
            ("mode", namespaces ? "namespaces" : "process"),
            ("uid", (FirstUid + index).ToString(CultureInfo.InvariantCulture)),
            ("root", root),
            ("cgroup", namespaces && CanUseCgroups ? CgroupPath(index) : ""),
            ("max_processes", _options.MaxProcesses.ToString(CultureInfo.InvariantCulture)),
            ("memory_bytes", _options.MemoryBytes.ToString(CultureInfo.InvariantCulture)),
            ("file_bytes", _options.FileBytes.ToString(CultureInfo.InvariantCulture)),
            ("open_files", _options.OpenFiles.ToString(CultureInfo.InvariantCulture)),
            ("tmpfs_bytes", _options.WorkDirectoryBytes.ToString(CultureInfo.InvariantCulture)),
        };
        foreach (var (key, value) in settings)
        {
            startInfo.ArgumentList.Add(key + "=" + value);
        }

        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        startInfo.Environment["LANG"] = "C.UTF-8";
        return startInfo;
    }

    /// <summary>Removes the cgroups and the private directory; the workers must have exited.</summary>
    public async Task DeleteAsync(int workers)
    {
        if (CanUseCgroups)
        {
            for (var i = 0; i < workers; i++)
            {
                // A cgroup is a directory that rmdir removes once it holds no task; the last exiting
                // task may need a moment to leave it.
                for (var attempt = 0; System.IO.Directory.Exists(CgroupPath(i)); attempt++)
                {
                    try
                    {
                        System.IO.Directory.Delete(CgroupPath(i));
                    }
                    catch (IOException) when (attempt < 20)
                    {
                        await Task.Delay(50).ConfigureAwait(false);
                    }
                }
            }
        }

        // Namespace-mode roots were mounted over only inside the workers' mount namespaces: here they are
        // empty directories. Delete does not follow symbolic links.
        Directory.Delete(recursive: true);
    }

    private string CgroupPath(int index) =>
        Path.Combine(CgroupRoot, "assay", OwnedPrefix(_id, Environment.ProcessId) + "w" + index.ToString(CultureInfo.InvariantCulture));

    private const string DirectoryPrefix = "assay-sandbox";

    /// <summary>Names of the directories and cgroups a process owns carry its pid: "PREFIX-pPID-".</summary>
    internal static string OwnedPrefix(string prefix, int pid) => $"{prefix}-p{pid.ToString(CultureInfo.InvariantCulture)}-";

    /// <summary>
    /// Removes what sandboxes of processes that no longer run left behind (a SIGKILL gives them no chance to clean
    /// up): their private directories under the temporary directory and their empty pids cgroups. What a live
    /// process owns, and a cgroup that still holds a task, is left alone.
    /// </summary>
    internal static void SweepLeftovers()
    {
        foreach (var directory in OwnedByDeadProcesses(Path.GetTempPath(), DirectoryPrefix + "-p*"))
        {
            TryDelete(() => System.IO.Directory.Delete(directory, recursive: true));
        }

        var cgroups = Path.Combine(CgroupRoot, "assay");
        if (System.IO.Directory.Exists(cgroups))
        {
            foreach (var cgroup in OwnedByDeadProcesses(cgroups, "*-p*-w*"))
            {
                TryDelete(() => System.IO.Directory.Delete(cgroup));
            }
        }
    }

    private static IEnumerable<string> OwnedByDeadProcesses(string parent, string pattern)
    {
        string[] candidates;
        try
        {
            candidates = System.IO.Directory.GetDirectories(parent, pattern);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

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

    private static async Task<string> ResolvePythonAsync(string python, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-I", "-S", "-c", "import sys; print(sys.executable)" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start '{python}'.");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException($"Python interpreter '{python}' (SandboxOptions.Python) could not be started: {error.Message}", error);
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var path = output.Trim();
            if (process.ExitCode != 0 || path.Length == 0 || !File.Exists(path))
            {
                throw new InvalidOperationException($"Python interpreter '{python}' (SandboxOptions.Python) did not report its executable.");
            }

            return path;
        }
    }
}
