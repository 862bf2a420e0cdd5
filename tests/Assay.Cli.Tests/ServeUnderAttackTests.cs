using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Assay.Nano;

namespace Assay.Cli.Tests;

/// <summary>
/// <c>assay serve</c> in its own process, probed as an attacker would (bench/Assay.Bench.Service at a tenth of the size):
/// oversized prompts and streams reset by their clients must leave its resident memory near where it started, and
/// every request gets its line in the log.
/// </summary>
public sealed class ServeUnderAttackTests : IAsyncLifetime
{
    // Resident memory may stay this far above the baseline once idle: a few caches and the JIT's code, not the hundreds
    // of megabytes per request an unbounded server keeps (24 × 25 MB prompts left it 5.5 GB larger).
    private const double SlackMb = 250;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-attack-");
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _server;
    private Uri _baseUrl = null!;

    public async Task InitializeAsync()
    {
        // The default base model's shape (untrained: memory and compute are the same).
        var checkpoint = Path.Combine(_directory.FullName, "nano");
        await NanoCheckpoint.SaveAsync(NanoModel.Create(NanoConfig.ForText(layers: 4, width: 128, heads: 4, context: 72), seed: 1), checkpoint);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "assay.dll"), "serve", "--model", "nano:probe", "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg == "nano:probe" ? "nano:" + checkpoint : arg);
        }

        _server = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await _server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var at = line.IndexOf("listening on http://", StringComparison.Ordinal);
            if (at >= 0)
            {
                _baseUrl = new Uri(line[(at + "listening on ".Length)..].Split(' ')[0] + "/v1/");
                _ = Task.Run(async () =>
                {
                    while (await _server.StandardOutput.ReadLineAsync() is { } logged)
                    {
                        _log.Enqueue(logged);
                    }
                });
                return;
            }
        }

        throw new InvalidOperationException("assay serve exited before listening: " + await _server.StandardError.ReadToEndAsync());
    }

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
        }

        _server?.Dispose();
        _directory.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private double ResidentMb() =>
        long.Parse(File.ReadLines($"/proc/{_server!.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;

    private string Model => "nano:" + Path.Combine(_directory.FullName, "nano");

    [Fact]
    public async Task Oversized_prompts_and_abandoned_streams_leave_resident_memory_near_its_baseline()
    {
        using var http = new HttpClient { BaseAddress = _baseUrl, Timeout = TimeSpan.FromMinutes(2) };
        using (var warm = await http.PostAsync("chat/completions", new StringContent($$"""{"model":"{{Model}}","messages":[{"role":"user","content":"2+2="}],"n":128}""", Encoding.UTF8, "application/json")))
        {
            Assert.True(warm.IsSuccessStatusCode);
        }

        var baseline = ResidentMb();

        var body = Encoding.UTF8.GetBytes($$"""{"model":"{{Model}}","messages":[{"role":"user","content":"{{new string('a', 25 << 20)}}"}]}""");
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await http.PostAsync("chat/completions", content);
            return (int)response.StatusCode;
        }));
        Assert.All(statuses, s => Assert.Equal(413, s));

        var streams = Encoding.UTF8.GetBytes($$"""{"model":"{{Model}}","messages":[{"role":"user","content":"2+2="}],"n":128,"stream":true,"logprobs":true,"top_logprobs":5}""");
        await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => ResetAfterFirstEventAsync(streams)));

        // Idle: memory must come back within SlackMb of the baseline (polled, so a loaded machine only makes it slower).
        var idle = double.MaxValue;
        for (var waited = 0; waited < 20 && idle > baseline + SlackMb; waited++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            idle = ResidentMb();
        }

        Assert.True(idle <= baseline + SlackMb, $"resident memory {idle:F0} MB after idle, baseline {baseline:F0} MB");
        Assert.Contains(_log, line => line.Contains("POST /v1/chat/completions 413", StringComparison.Ordinal));
        Assert.Contains(_log, line => line.Contains("POST /v1/chat/completions 200", StringComparison.Ordinal));
    }

    // A client that reads the first event of a stream and then resets the connection (SO_LINGER 0), as one that crashed.
    private async Task ResetAfterFirstEventAsync(byte[] body)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_baseUrl.Host, _baseUrl.Port);
        var head = $"POST {_baseUrl.AbsolutePath}chat/completions HTTP/1.1\r\nHost: {_baseUrl.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head).Concat(body).ToArray());
        var received = "";
        var buffer = new byte[4096];
        while (!received.Contains("data: ", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer);
            Assert.True(read > 0, "the server closed the stream before its first event: " + received);
            received += Encoding.UTF8.GetString(buffer, 0, read);
        }

        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }
}
