using System.Diagnostics;
using System.Globalization;

namespace Assay.Bench.Cluster;

/// <summary>A worker process (<c>assay worker</c> or <see cref="InstantWorker"/>), watched until it says it is ready.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Starts <c>dotnet DLL ARGS</c> (through <c>env --default-signal</c>: a benchmark started in the background
    /// inherits SIGTERM ignored, and draining needs it).</summary>
    public static WorkerProcess Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("env") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["--default-signal=INT,TERM", "dotnet", dll, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var worker = new WorkerProcess(Process.Start(start)!);
        worker._process.OutputDataReceived += (_, _) => { };
        worker._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                worker._ready.TrySetException(new InvalidOperationException($"worker {worker.Id} ended before it was ready:\n{worker.LastLines}"));
                return;
            }

            lock (worker._lastLines)
            {
                worker._lastLines.Enqueue(e.Data);
                if (worker._lastLines.Count > 20)
                {
                    worker._lastLines.Dequeue();
                }
            }

            if (e.Data.Contains(" ready: ", StringComparison.Ordinal))
            {
                worker._ready.TrySetResult();
            }
        };
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    public string LastLines
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    public Task ReadyAsync(TimeSpan timeout) => _ready.Task.WaitAsync(timeout);

    /// <summary>SIGTERM (the worker drains), then waits for the exit; SIGKILL if it takes longer than a minute.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
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
