using System.Diagnostics;
using System.Text;

namespace Assay.Rollouts.Tests;

/// <summary>The real <c>assay</c> CLI run as a child process: <c>dotnet src/Assay.Cli/bin/CONFIG/net10.0/assay.dll ...</c>.</summary>
internal sealed class AssayProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private AssayProcess(Process process) => _process = process;

    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public static string AssayDll
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Assay.slnx")))
            {
                directory = directory.Parent;
            }

            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(directory!.FullName, "src", "Assay.Cli", "bin", configuration, "net10.0", "assay.dll");
        }
    }

    public static AssayProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts assay with <paramref name="environment"/> added to (or overriding) this process's environment.</summary>
    public static AssayProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // Through env, which execs dotnet in its own place (same pid) with SIGINT and SIGTERM at their defaults: a test
        // run started in the background by a shell without job control inherits SIGINT ignored, and .NET (like any
        // well-behaved program) then keeps ignoring it, so the Ctrl-C test would see the run complete.
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT,TERM");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(AssayDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Local servers need no key; make sure none leaks in from the environment.
        start.Environment.Remove("OPENAI_API_KEY");
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new AssayProcess(new Process { StartInfo = start });
        process._process.OutputDataReceived += (_, e) => process.Append(process._stdout, e.Data);
        process._process.ErrorDataReceived += (_, e) => process.Append(process._stderr, e.Data);
        process._process.Start();
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGINT, as Ctrl-C sends.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager or <c>kill</c> sends.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>SIGKILL: no chance to flush anything.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            buffer.AppendLine(line);
        }
    }
}
