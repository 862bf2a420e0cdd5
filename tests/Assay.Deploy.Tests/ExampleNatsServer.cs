using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Assay.Deploy.Tests;

/// <summary>
/// Debian's nats-server started from one of the examples' configurations, as written but for three things a test
/// machine needs: the JetStream store in a temporary directory, and the client and monitoring ports on free loopback
/// ports (command-line flags, which nats-server lets override its file).
/// </summary>
internal sealed partial class ExampleNatsServer(Process process, string root, int port, int monitorPort) : IAsyncDisposable
{
    public int Port => port;

    public int MonitorPort => monitorPort;

    public static async Task<ExampleNatsServer> StartAsync(string configuration)
    {
        var root = Directory.CreateTempSubdirectory("assay-deploy-nats-").FullName;
        var config = Path.Combine(root, "nats.conf");
        await File.WriteAllTextAsync(config, StoreDirectory().Replace(configuration, $"store_dir: {Path.Combine(root, "store")}"));
        int[] ports = [Ports.Free(), Ports.Free()];
        var start = new ProcessStartInfo("/usr/sbin/nats-server") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-c", config, "-a", "127.0.0.1", "-p", $"{ports[0]}", "-m", $"{ports[1]}"])
        {
            start.ArgumentList.Add(argument);
        }

        var server = new ExampleNatsServer(Process.Start(start)!, root, ports[0], ports[1]);
        server.Process.OutputDataReceived += (_, _) => { };
        server.Process.ErrorDataReceived += (_, _) => { };
        server.Process.BeginOutputReadLine();
        server.Process.BeginErrorReadLine();
        using var http = new HttpClient();
        for (var tries = 0; ; tries++)
        {
            try
            {
                (await http.GetAsync(new Uri($"http://127.0.0.1:{ports[1]}/healthz"))).EnsureSuccessStatusCode();
                return server;
            }
            catch (HttpRequestException) when (tries < 200 && !server.Process.HasExited)
            {
                await Task.Delay(100);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(root, recursive: true);
    }

    private Process Process => process;

    [GeneratedRegex(@"store_dir:\s*\S+")]
    private static partial Regex StoreDirectory();
}
