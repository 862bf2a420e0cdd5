using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Assay.Cluster.Tests;

/// <summary>
/// A real, throw-away NATS server from Debian's <c>nats-server</c> package (2.9) with JetStream on, listening on a free
/// 127.0.0.1 port, storing in a temporary directory; killed and deleted on dispose. (Also compiled into bench/Assay.Bench.Cluster.)
/// </summary>
public sealed class TemporaryNatsServer : IAsyncDisposable
{
    /// <summary>Where Debian puts the server.</summary>
    public const string DebianBinary = "/usr/sbin/nats-server";

    private readonly Process _process;
    private readonly string _root;

    private TemporaryNatsServer(Process process, string root, int port)
    {
        _process = process;
        _root = root;
        Port = port;
    }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>The URL to give <c>--cluster</c>.</summary>
    public string Url => $"nats://127.0.0.1:{Port}";

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public static async Task<TemporaryNatsServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(DebianBinary))
        {
            throw new InvalidOperationException($"nats-server is not installed ({DebianBinary} is missing): run `sudo .ci/install`, which installs Debian's nats-server package.");
        }

        var root = Directory.CreateTempSubdirectory("assay-nats-").FullName;
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(DebianBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-js", "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", root })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start nats-server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new TemporaryNatsServer(process, root, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50, cancellationToken);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
            Directory.Delete(_root, recursive: true);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
