using System.Text.Json.Nodes;
using Assay.Cluster;
using Assay.Cluster.Tests;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Assay.Deploy.Tests;

/// <summary>
/// The examples' worker command lines run for real: a real <c>assay worker</c> process with exactly the arguments and
/// environment the Deployment (or the unit) gives it, against a PostgreSQL that demands a password and a nats-server
/// started from the example's own configuration. Only what a test machine must change is changed: host names become
/// 127.0.0.1 with free ports, and absolute paths (mounted Secrets, caches) live under a temporary directory.
/// </summary>
public sealed class DeployedWorkerTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly string _scratch = Directory.CreateTempSubdirectory("assay-deploy-root-").FullName;
    private PasswordPostgres _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PasswordPostgres.StartAsync();

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Theory]
    [InlineData("assay-worker")]
    [InlineData("assay-generator")]
    [InlineData("assay-verifier")]
    public async Task A_kubernetes_worker_runs_as_its_deployment_says_with_the_password_only_from_the_secret_and_drains_on_sigterm(string name)
    {
        var manifests = Manifest.All();
        var deployment = Manifest.Find("Deployment", name);
        var container = KubernetesInvocations.Containers(deployment).Single();
        var invocation = KubernetesInvocations.From(deployment, container, manifests)!;
        MountVolumes(deployment, container, manifests);
        await _postgres.RequirePasswordAsync(KubernetesInvocations.SecretData(manifests, "assay-db")["password"]);
        await using var nats = await ExampleNatsServer.StartAsync(NatsConfig.FromKubernetes());
        var scaler = manifests.Single(m => m.Kind == "ScaledObject" && (string?)m.Body["spec"]!["scaleTargetRef"]!["name"] == name);
        var trigger = scaler.Body["spec"]!["triggers"]![0]!["metadata"]!.AsObject();

        await RunWorkerAsync(invocation, nats, async () =>
        {
            // The worker has made the streams and consumers; KEDA's view of them finds the names the ScaledObject gives.
            var (backlog, missing) = await KedaView.BacklogAsync(nats.MonitorPort, trigger);
            Assert.True(backlog == 0, missing);
        });

        // A message no worker takes is backlog KEDA scales on.
        var subject = (string)trigger["stream"]! == ClusterNames.VerifyStream ? ClusterNames.VerifySubject("deploy-test") : ClusterNames.SlotsSubject("deploy-test");
        await using (var connection = new NatsConnection(new NatsOpts { Url = $"nats://127.0.0.1:{nats.Port}" }))
        {
            (await new NatsJSContext(connection).PublishAsync(subject, new byte[] { 1 })).EnsureSuccess();
        }

        Assert.Equal(1, (await KedaView.BacklogAsync(nats.MonitorPort, trigger)).Backlog);
    }

    [Fact]
    public async Task The_systemd_worker_runs_as_its_unit_says_with_the_password_from_its_credentials_file_and_drains_on_sigterm()
    {
        var invocation = SystemdInvocations.All().Single(i => i.Verb == "worker");
        await _postgres.RequirePasswordAsync(invocation.Environment["PGPASSWORD"]);
        await using var nats = await ExampleNatsServer.StartAsync(NatsConfig.FromSystemd());

        await RunWorkerAsync(invocation, nats, () => Task.CompletedTask);
    }

    /// <summary>Runs the worker without its database credentials (it must be refused: the password is really needed),
    /// then with them: ready, <paramref name="whileReady"/>, SIGTERM, exit 0 after draining.</summary>
    private async Task RunWorkerAsync(AssayInvocation invocation, ExampleNatsServer nats, Func<Task> whileReady)
    {
        var arguments = OnLoopback(invocation.Arguments, nats.Port, _postgres.Port);
        var environment = invocation.Environment.ToDictionary(p => p.Key, p => p.Value.StartsWith('/') ? Rooted(p.Value) : p.Value);
        foreach (var path in environment.Values.Where(v => v.StartsWith(_scratch, StringComparison.Ordinal) && !File.Exists(v)))
        {
            Directory.CreateDirectory(path);
        }

        var withoutCredentials = environment.Where(p => !CliEnvironment.Database.Contains(p.Key)).ToDictionary();
        await using (var refused = AssayChild.Start(withoutCredentials, arguments))
        {
            Assert.NotEqual(0, await refused.WaitAsync(Patience));
            Assert.Contains("password", refused.Error, StringComparison.OrdinalIgnoreCase);
        }

        await using var worker = AssayChild.Start(environment, arguments);
        var deadline = DateTime.UtcNow + Patience;
        while (!worker.Error.Contains(" ready: ", StringComparison.Ordinal))
        {
            Assert.False(worker.HasExited || DateTime.UtcNow > deadline, $"{invocation} did not become ready:\n{worker.Error}");
            await Task.Delay(100);
        }

        await whileReady();
        await worker.TerminateAsync();
        Assert.Equal(0, await worker.WaitAsync(Patience));
        Assert.Contains(" drained: ", worker.Error, StringComparison.Ordinal);
    }

    /// <summary>The Secret and emptyDir volumes a container mounts, made under the temporary root.</summary>
    private void MountVolumes(Manifest workload, JsonObject container, IReadOnlyList<Manifest> manifests)
    {
        var volumes = workload.PodSpec!["volumes"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!.AsObject());
        foreach (var mount in container["volumeMounts"]!.AsArray())
        {
            var directory = Directory.CreateDirectory(Rooted((string)mount!["mountPath"]!)).FullName;
            if (volumes[(string)mount["name"]!]["secret"] is { } secret)
            {
                var data = KubernetesInvocations.SecretData(manifests, (string)secret["secretName"]!);
                var items = secret["items"]?.AsArray().Select(i => ((string)i!["key"]!, (string)i["path"]!)) ?? data.Keys.Select(k => (k, k));
                foreach (var (key, path) in items)
                {
                    File.WriteAllText(Path.Combine(directory, path), data[key]);
                }
            }
        }
    }

    private string Rooted(string absolute) => Path.Combine(_scratch, absolute.TrimStart('/'));

    /// <summary>The arguments with --cluster and --db pointed at this machine's servers, user and path kept.</summary>
    private static string[] OnLoopback(IReadOnlyList<string> arguments, int natsPort, int postgresPort) =>
        [.. arguments.Select((argument, i) => i == 0 ? argument : arguments[i - 1] switch
        {
            "--cluster" => Loopback(argument, natsPort),
            "--db" => Loopback(argument, postgresPort),
            _ => argument,
        })];

    private static string Loopback(string url, int port)
    {
        var uri = new Uri(url);
        var user = uri.UserInfo.Length > 0 ? uri.UserInfo + "@" : "";
        return $"{uri.Scheme}://{user}127.0.0.1:{port}{(uri.AbsolutePath == "/" ? "" : uri.AbsolutePath)}";
    }
}
