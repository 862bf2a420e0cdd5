namespace Assay.Deploy.Tests;

/// <summary>The NATS server configurations of the examples.</summary>
internal static class NatsConfig
{
    /// <summary>The <c>nats.conf</c> of the ConfigMap in deploy/kubernetes/nats.yaml.</summary>
    public static string FromKubernetes() =>
        (string)Manifest.Find("ConfigMap", "assay-nats-config").Body["data"]!["nats.conf"]!;

    /// <summary>deploy/systemd/nats-server.conf.</summary>
    public static string FromSystemd() => File.ReadAllText(Path.Combine(SystemdUnit.Directory, "nats-server.conf"));
}
