using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Assay.Verification.Tests;

/// <summary>A real HTTP server on a free 127.0.0.1 port that answers every request with <see cref="Body"/> and counts
/// the connections it accepted.</summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private int _connections;

    public LoopbackHttpServer(string body)
    {
        Body = body;
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Body { get; }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop this way.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        var response = Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n{Body}");
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            var stream = client.GetStream();
            var request = new byte[4096];
            var length = 0;
            while (length < request.Length && !Encoding.ASCII.GetString(request, 0, length).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(request.AsMemory(length), _stop.Token);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            await stream.WriteAsync(response, _stop.Token);
        }
    }
}
