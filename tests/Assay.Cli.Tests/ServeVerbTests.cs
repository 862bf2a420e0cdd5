using System.Net;
using System.Net.Sockets;
using Assay.Nano;

namespace Assay.Cli.Tests;

/// <summary><c>assay serve</c>'s failures a user causes.</summary>
public sealed class ServeVerbTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-serve-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task A_busy_port_is_one_line_naming_the_address_and_exit_code_2()
    {
        var checkpoint = Path.Combine(_directory.FullName, "nano");
        await NanoCheckpoint.SaveAsync(NanoModel.Create(NanoConfig.ForText(1, 16, 2, 16), seed: 1), checkpoint);
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var urls = $"http://127.0.0.1:{((IPEndPoint)busy.LocalEndpoint).Port}";

        var result = await AssayProcess.RunAsync(_directory.FullName, "serve", "--urls", urls, "--model", "nano:" + checkpoint);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --urls {urls}: the address is already in use", result.Error.Trim());
        Assert.Equal("", result.Output);
    }
}
