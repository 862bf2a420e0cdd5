using System.Globalization;
using Assay.Archive.Tests;
using Assay.Bench.Cluster;
using Assay.Cluster.Tests;
using Assay.Suites;
using Assay.Testing;

// Throughput of a campaign spread over 1, 2 and 4 worker processes through a real nats-server (JetStream) and a real
// PostgreSQL 15 (durable: fsync on), against (a) a loopback OpenAI-compatible service answering each request after a
// fixed latency, and (b) an in-process policy that answers at once. Prints one markdown row per run, with the CPU of
// every party and the machine's load, since on a shared machine a figure means little without it.
if (args.Length > 0 && args[0] == "instant-worker")
{
    return await InstantWorker.RunAsync(args);
}

var settings = BenchSettings.Parse(args);
var problems = SuiteCatalog.Resolve(ClusterBench.Suite).Count;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Assay.Bench.Cluster {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"suite {ClusterBench.Suite} ({problems} problems, exact answers), chunks of 16, --concurrency {settings.Concurrency} per worker"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"a chunk of 16 slots is {ChunkTraffic.ChunkBytes(SuiteCatalog.Resolve(ClusterBench.Suite), 16):N0} bytes for {ClusterBench.Suite}, {ChunkTraffic.ChunkBytes(SuiteCatalog.Resolve("humaneval"), 16):N0} for humaneval (serialized here as the cluster does)"));
await using var postgres = await TemporaryPostgres.StartAsync(durable: true);
await using var nats = await TemporaryNatsServer.StartAsync();
await using var service = await OpenAiCompatibleServer.StartAsync(_ => "42", recordRequests: false, latency: settings.Latency);
var bench = new ClusterBench(postgres, nats, service, settings);
Console.WriteLine();
Console.WriteLine(RunFigures.Header);
foreach (var policy in settings.Policies)
{
    foreach (var workers in settings.Workers)
    {
        Console.WriteLine(await bench.RunAsync(policy, workers, problems));
    }
}

if (settings.PublishSlots > 0)
{
    Console.WriteLine();
    Console.WriteLine(await bench.PublishAsync(problems, Math.Max(1, settings.PublishSlots / problems)));
}

return 0;
