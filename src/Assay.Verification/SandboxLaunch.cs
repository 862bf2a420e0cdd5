using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Assay.Verification;

/// <summary>Everything needed to start workers: the resolved interpreter, the worker's Python modules, the mode
/// (namespaces with or without cgroups, or none), each worker's uids and cgroups, and a private directory (used only
/// without namespaces, for candidates' work directories). Owns that directory and the cgroups.</summary>
internal sealed partial class SandboxLaunch
{
    /// <summary>Bumped whenever the sandbox's behaviour changes; part of <see cref="Identity"/>.</summary>
    internal const string Version = "python-sandbox/2";

    /// <summary>The modules, in the order the bootstrap loads them (each imports only earlier ones).</summary>
    private static readonly string[] s_modules = ["plain_values", "channel", "confinement", "candidate", "judge", "server"];

    private static int s_instances;
    private readonly SandboxOptions _options;
    private readonly string _prefix;
    private readonly (string Name, string Source)[] _sources;
    private readonly RunAs? _runAs;
    private readonly string _bootstrap;
    private SandboxCgroups? _cgroups;

    private SandboxLaunch(SandboxOptions options, Interpreter python, DirectoryInfo directory, (string, string)[] sources, string bootstrap, RunAs? runAs)
    {
        _bootstrap = bootstrap;
        _options = options;
        Python = python.Path;
        PythonVersion = python.Version;
        Directory = directory;
        _sources = sources;
        _runAs = runAs;
        _prefix = OwnedPrefix(Guid.NewGuid().ToString("N")[..12], Environment.ProcessId);
        var instance = Interlocked.Increment(ref s_instances);
        // Distinct uids per worker, and for its judge, keep one worker's candidates from signalling another's or the judge.
        FirstUid = options.FirstUid ?? 100_000 + ((Environment.ProcessId % 1024 * 16) + (instance % 16)) * 128;
    }

    /// <summary>The interpreter's real executable.</summary>
    public string Python { get; }

    /// <summary>The interpreter's version, as <c>sys.version</c> starts.</summary>
    public string PythonVersion { get; }

    /// <summary>Private (0700) directory; without namespaces, candidates' work directories are made in it.</summary>
    public DirectoryInfo Directory { get; }

    /// <summary>The uid of worker 0's candidates (worker i: FirstUid + 2i; its judge FirstUid + 2i + 1), when root.</summary>
    public int FirstUid { get; }

    /// <summary>The mode the workers start in.</summary>
    public SandboxMode Mode { get; private set; }

    /// <summary>Why the sandbox runs below <see cref="SandboxMode.Namespaces"/>, for the warning; empty otherwise.</summary>
    public string Downgrade { get; private set; } = "";

    /// <summary>True when workers are started through an unprivileged user namespace: any user but root, and root
    /// itself inside a user namespace (a container), where other uids are not mapped.</summary>
    public bool UserNamespace => _runAs is not null || !RealRoot;

    /// <summary>Root of the initial user namespace, which may give each worker's candidates and judge uids of their own.</summary>
    internal static bool RealRoot { get; } = Environment.IsPrivilegedProcess && FullUidMap();

    private static bool FullUidMap()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/uid_map").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return fields is ["0", "0", "4294967295"];
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Which verifier this is: version, interpreter, mode and a hash of the modules and limits.</summary>
    public string Identity
    {
        get
        {
            var text = new StringBuilder();
            foreach (var (name, source) in _sources)
            {
                text.Append(name).Append('\n').Append(source).Append('\n');
            }

            text.Append(CultureInfo.InvariantCulture, $"{_options.MemoryBytes} {_options.FileBytes} {_options.WorkDirectoryBytes} {_options.OpenFiles} {_options.MaxProcesses}");
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
            return $"{Version} py{PythonVersion} {ModeWord(Mode)} {hash}";
        }
    }

    internal static string ModeWord(SandboxMode mode) => mode switch
    {
        SandboxMode.Namespaces => "namespaces",
        SandboxMode.NamespacesRlimits => "namespaces_rlimits",
        _ => "process",
    };

    public static async Task<SandboxLaunch> CreateAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        var runAs = options.RunAsUser is null ? null : RunAs.Resolve(options.RunAsUser);
        var python = await Interpreter.ResolveAsync(options.Python, runAs, cancellationToken).ConfigureAwait(false);
        SweepLeftovers(runAs?.Uid ?? (RealRoot ? null : (int)NativeMethods.GetEffectiveUserId()));
        var directory = System.IO.Directory.CreateTempSubdirectory(OwnedPrefix(DirectoryPrefix, Environment.ProcessId));
        if (runAs is not null)
        {
            runAs.Own(directory.FullName);
        }

        var sources = new (string, string)[s_modules.Length];
        for (var i = 0; i < s_modules.Length; i++)
        {
            sources[i] = (s_modules[i], await ReadModuleAsync(s_modules[i], cancellationToken).ConfigureAwait(false));
        }

        var bootstrap = await ReadModuleAsync("bootstrap", cancellationToken).ConfigureAwait(false);
        return new SandboxLaunch(options, python, directory, sources, bootstrap, runAs);
    }

    /// <summary>One of the sandbox's Python files (Sandbox/*.py), embedded in this assembly.</summary>
    private static async Task<string> ReadModuleAsync(string name, CancellationToken cancellationToken)
    {
        var resource = typeof(SandboxLaunch).Assembly.GetManifestResourceStream($"Assay.Verification.Sandbox.{name}.py")
            ?? throw new InvalidOperationException($"The sandbox module {name}.py is missing from the assembly.");
        using var reader = new StreamReader(resource);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decides the mode: namespaces with per-candidate cgroups where this user may make them, namespaces with
    /// rlimits otherwise, no namespaces only when asked for.</summary>
    public void Choose(bool namespaces)
    {
        if (!namespaces)
        {
            Mode = SandboxMode.Process;
            return;
        }

        int? delegated = _runAs?.Uid ?? (RealRoot ? null : (int)NativeMethods.GetEffectiveUserId());
        _cgroups = SandboxCgroups.TryCreate(_prefix, _options.Workers, _options, delegated, out var reason);
        Mode = _cgroups is null ? SandboxMode.NamespacesRlimits : SandboxMode.Namespaces;
        Downgrade = reason;
    }

    /// <summary>The command line of a worker: the namespaces come from util-linux's <c>unshare</c> (through an
    /// unprivileged user namespace for any user but root), then the interpreter with the bootstrap.</summary>
    public ProcessStartInfo StartInfo()
    {
        var arguments = new List<string>();
        if (_runAs is not null)
        {
            arguments.AddRange(["setpriv", $"--reuid={_runAs.Uid}", $"--regid={_runAs.Gid}", "--clear-groups", "--"]);
        }

        if (Mode != SandboxMode.Process)
        {
            arguments.Add("unshare");
            if (UserNamespace)
            {
                arguments.AddRange(["--user", "--map-root-user"]);
            }

            arguments.AddRange(["--mount", "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child", "--"]);
        }

        arguments.AddRange([Python, "-I", "-S", "-B", "-c", _bootstrap]);
        var startInfo = new ProcessStartInfo
        {
            FileName = arguments[0],
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        startInfo.Environment["LANG"] = "C.UTF-8";
        return startInfo;
    }

    /// <summary>What worker <paramref name="index"/> reads first on its standard input: u32 length + JSON.</summary>
    public byte[] BootstrapInput(int index)
    {
        var separateUids = Mode != SandboxMode.Process && !UserNamespace;
        var config = new Dictionary<string, object>
        {
            ["mode"] = ModeWord(Mode),
            ["index"] = index,
            ["uid"] = separateUids ? FirstUid + (2 * index) : 0,
            ["judge_uid"] = separateUids ? FirstUid + (2 * index) + 1 : 0,
            ["separate_uids"] = separateUids,
            ["cgroups"] = _cgroups?.ProcsFiles(index) ?? [],
            ["memory_bytes"] = _options.MemoryBytes,
            ["file_bytes"] = _options.FileBytes,
            ["open_files"] = _options.OpenFiles,
            ["tmpfs_bytes"] = _options.WorkDirectoryBytes,
            ["root"] = Directory.FullName,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["modules"] = _sources.Select(s => new[] { s.Name, s.Source }).ToArray(),
            ["config"] = config,
        });
        var input = new byte[4 + json.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(input, json.Length);
        json.CopyTo(input, 4);
        return input;
    }

    /// <summary>Removes the cgroups and the private directory; the workers must have exited.</summary>
    public void Delete()
    {
        _cgroups?.Delete();
        Directory.Delete(recursive: true);
    }

    private const string DirectoryPrefix = "assay-sandbox";

    /// <summary>Names of the directories and cgroups a process owns carry its pid: "PREFIX-pPID-".</summary>
    internal static string OwnedPrefix(string prefix, int pid) => $"{prefix}-p{pid.ToString(CultureInfo.InvariantCulture)}-";
}
