using System.Diagnostics;
using System.Text;

namespace Assay.Cluster.Tests;

/// <summary>The real <c>assay</c> executable running as a child process (a worker or a coordinator), its output kept.</summary>
internal sealed class AssayChild : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private AssayChild(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output { get { lock (_output) { return _output.ToString(); } } }

    public string Error { get { lock (_error) { return _error.ToString(); } } }

    /// <summary>Starts <c>assay ARGS</c> with <paramref name="environment"/> added. Through <c>env --default-signal</c>:
    /// a test run started in the background inherits SIGINT and SIGTERM ignored.</summary>
    public static AssayChild Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--default-signal=INT,TERM", "dotnet", Path.Combine(AppContext.BaseDirectory, "assay.dll"), .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["COLUMNS"] = "200";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var child = new AssayChild(Process.Start(start)!);
        child._process.OutputDataReceived += (_, e) => { lock (child._output) { child._output.AppendLine(e.Data); } };
        child._process.ErrorDataReceived += (_, e) => { lock (child._error) { child._error.AppendLine(e.Data); } };
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Sends SIGKILL: no handler runs, nothing is flushed.</summary>
    public void KillHard() => _process.Kill();

    /// <summary>Sends SIGTERM.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the exit and returns its code.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
