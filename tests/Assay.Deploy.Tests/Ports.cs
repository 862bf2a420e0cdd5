using System.Net;
using System.Net.Sockets;

namespace Assay.Deploy.Tests;

/// <summary>Free TCP ports on 127.0.0.1.</summary>
internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
