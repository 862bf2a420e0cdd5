using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Assay.Core;

namespace Assay.Verification;

/// <summary>One warm Python fork server (Sandbox/sandbox_server.py) and the pipes to it. Not thread-safe:
/// the pool hands a worker to one caller at a time.</summary>
internal sealed class SandboxWorker : IAsyncDisposable
{
    private const int MaxDetailBytes = 64 * 1024;
    private readonly Process _process;
    private readonly Stream _requests;
    private readonly Stream _responses;
    private readonly Queue<string> _stderrTail = new();
    private readonly byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;
    private Task? _disposal;

    private SandboxWorker(int index, Process process)
    {
        Index = index;
        _process = process;
        _requests = process.StandardInput.BaseStream;
        _responses = process.StandardOutput.BaseStream;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_stderrTail)
            {
                _stderrTail.Enqueue(e.Data);
                if (_stderrTail.Count > 20)
                {
                    _stderrTail.Dequeue();
                }
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>Position of this worker in its sandbox; decides its uid and cgroup.</summary>
    public int Index { get; }

    /// <summary>Process id of the outermost process of this worker (<c>unshare</c> or python).</summary>
    public int ProcessId => _process.Id;

    /// <summary>True once the worker's process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What the worker wrote to standard error last (startup failures are explained there).</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderrTail)
            {
                return string.Join('\n', _stderrTail);
            }
        }
    }

    /// <summary>Starts a worker, sends it its bootstrap and waits for its <c>ready MODE VERSION</c> line; returns the
    /// worker and the mode it reached. Throws <see cref="InvalidOperationException"/> with the worker's stderr when it fails.</summary>
    public static async Task<(SandboxWorker Worker, string Mode)> StartAsync(int index, ProcessStartInfo startInfo, byte[] bootstrap, CancellationToken cancellationToken)
    {
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        var worker = new SandboxWorker(index, process);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            string? line;
            try
            {
                await worker._requests.WriteAsync(bootstrap, timeout.Token).ConfigureAwait(false);
                await worker._requests.FlushAsync(timeout.Token).ConfigureAwait(false);
                line = await worker.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (IOException)
            {
                line = null; // it died before reading its bootstrap: its stderr says why
            }

            if (line is null || !line.StartsWith("ready ", StringComparison.Ordinal))
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                throw new InvalidOperationException($"Sandbox worker {index} failed to start ({startInfo.FileName} ...): {worker.StderrTail}");
            }

            return (worker, line["ready ".Length..].Split(' ')[0]);
        }
        catch
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends one request and reads its answer. Throws <see cref="IOException"/> when the worker
    /// died or broke the protocol; the caller then replaces it.</summary>
    public async Task<SandboxResponse> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        await _requests.WriteAsync(Encode(request), cancellationToken).ConfigureAwait(false);
        await _requests.FlushAsync(cancellationToken).ConfigureAwait(false);
        var header = await ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"Sandbox worker {Index} ended without answering: {StderrTail}");
        var fields = header.Split(' ');
        if (fields.Length != 3
            || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status is < 0 or > 4
            || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > MaxDetailBytes)
        {
            throw new IOException($"Sandbox worker {Index} broke the protocol: '{header}'.");
        }

        var detail = Encoding.UTF8.GetString(await ReadExactAsync(length, cancellationToken).ConfigureAwait(false));
        var verdictStatus = status switch
        {
            0 => VerdictStatus.Passed,
            1 => VerdictStatus.Failed,
            2 => VerdictStatus.Error,
            3 => VerdictStatus.Timeout,
            _ => VerdictStatus.Infrastructure,
        };
        return new SandboxResponse(verdictStatus, TimeSpan.FromMicroseconds(micros), detail);
    }

    /// <summary>Request layout: "ASY3", u32 timeout ms, u32 candidate part length, u32 judge part length (little-endian),
    /// then the two parts, each a run of u32-length-prefixed UTF-8 fields. The candidate's part: prompt, completion, entry
    /// points (comma-separated). The judge's part: prompt, test, entry points, and the entry point human-eval's
    /// <c>check</c> is called with (empty when the test calls the entry points itself). The server forks the candidate
    /// before it reads the judge's part, so the tests are never in a candidate's memory. Programs travel through the
    /// pipe, never argv.</summary>
    internal static byte[] Encode(SandboxRequest request)
    {
        var entryPoints = string.Join(',', request.EntryPoints);
        string[] candidate = [request.Prompt, request.Completion, entryPoints];
        string[] judge = [request.Prompt, request.Test, entryPoints, request.CheckEntryPoint];
        var candidateLength = candidate.Sum(f => 4 + Encoding.UTF8.GetByteCount(f));
        var judgeLength = judge.Sum(f => 4 + Encoding.UTF8.GetByteCount(f));
        var bytes = new byte[16 + candidateLength + judgeLength];
        "ASY3"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)Math.Clamp(request.Timeout.TotalMilliseconds, 1, int.MaxValue));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)candidateLength);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)judgeLength);
        var at = 16;
        foreach (var field in candidate.Concat(judge))
        {
            var written = Encoding.UTF8.GetBytes(field, bytes.AsSpan(at + 4));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), (uint)written);
            at += 4 + written;
        }

        return bytes;
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                line.AddRange(_buffer.AsSpan(_start, newline - _start));
                _start = newline + 1;
                return Encoding.UTF8.GetString([.. line]);
            }

            line.AddRange(_buffer.AsSpan(_start, _end - _start));
            _start = _end;
            if (line.Count > 1024)
            {
                throw new IOException($"Sandbox worker {Index} sent an overlong line.");
            }
        }
    }

    private async Task<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new IOException($"Sandbox worker {Index} ended mid-answer: {StderrTail}");
            }

            var take = Math.Min(count - filled, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(result.AsSpan(filled));
            _start += take;
            filled += take;
        }

        return result;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _responses.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end > 0;
    }

    /// <summary>Closes the request pipe (the server exits on end of input, and as pid 1 of its PID namespace
    /// takes every candidate with it), then kills whatever is left. Safe to call more than once, and
    /// concurrently: a sandbox being disposed and a failed request may both dispose a worker.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_stderrTail)
        {
            _disposal ??= DisposeOnceAsync();
        }

        return new ValueTask(_disposal);
    }

    private async Task DisposeOnceAsync()
    {
        try
        {
            _requests.Close();
        }
        catch (IOException)
        {
            // The worker is already gone: its pipe is broken. Killing below still applies.
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _process.Dispose();
    }
}
