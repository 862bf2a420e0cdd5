using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Assay.Archive.Tests;
using Assay.Cluster;
using Assay.Cluster.Tests;
using Assay.Testing;

namespace Assay.Bench.Cluster;

/// <summary>
/// One campaign over K worker processes: the workers start and report ready, then the coordinator (`assay run
/// --cluster`, a real process) plans and publishes the campaign and waits until every slot is archived; CPU of each
/// party and of the machine is read from /proc around the coordinator's run.
/// </summary>
internal sealed class ClusterBench(TemporaryPostgres postgres, TemporaryNatsServer nats, OpenAiCompatibleServer service, BenchSettings settings)
{
    private static readonly Dictionary<string, string> Environment = new() { ["PGPASSWORD"] = "unused-with-trust" };
    private static readonly TimeSpan CampaignLimit = TimeSpan.FromMinutes(4);
    private int _runs;

    /// <summary>Problems in the suite every campaign asks (exact answers: the verifier costs nothing here).</summary>
    public const string Suite = "arithmetic";

    /// <summary>Starts a coordinator with no worker for a campaign of <paramref name="samples"/> per problem, waits until
    /// its publish window (<see cref="ClusterOptions.PublishWindow"/>) has crossed NATS and 2 s more (it must
    /// publish nothing further), reads its peak memory, and stops it (SIGTERM: the campaign stops, its chunks are purged
    /// from the stream).</summary>
    public async Task<PublishFigures> PublishAsync(int problems, int samples)
    {
        var database = $"bench{++_runs}_publish";
        await postgres.CreateDatabaseAsync(database);
        var db = $"postgres://assay@127.0.0.1:{postgres.Port}/{database}";
        var chunks = Math.Min(((long)problems * samples + 15) / 16, new ClusterOptions().PublishWindow);
        var loadBefore = ProcessCpu.LoadAverage();
        await using var traffic = await ChunkTraffic.StartAsync(nats.Url);
        var clock = Stopwatch.StartNew();
        await using var coordinator = AssayChild.Start(Environment, "run", "--cluster", nats.Url, "--db", db,
            "--model", $"openai:bench@{service.BaseUrl}", "--suite", Suite, "-n", samples.ToString(CultureInfo.InvariantCulture), "--seed", "1");
        var peak = 0.0;
        while (traffic.Messages < chunks && !coordinator.HasExited && clock.Elapsed < CampaignLimit)
        {
            peak = Math.Max(peak, ProcessCpu.PeakResidentMegabytes(coordinator.Id));
            await Task.Delay(100);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        for (var settle = Stopwatch.StartNew(); settle.Elapsed < TimeSpan.FromSeconds(2) && !coordinator.HasExited;)
        {
            peak = Math.Max(peak, ProcessCpu.PeakResidentMegabytes(coordinator.Id));
            await Task.Delay(100);
        }

        peak = Math.Max(peak, ProcessCpu.PeakResidentMegabytes(coordinator.Id));
        if (traffic.Messages != chunks)
        {
            throw new InvalidOperationException($"{traffic.Messages} chunks published, not the window's {chunks}:\n{coordinator.Error}");
        }

        await coordinator.TerminateAsync();
        await coordinator.WaitAsync(TimeSpan.FromMinutes(1));
        return new PublishFigures((long)problems * samples, traffic.Messages, traffic.Bytes, seconds, peak, loadBefore, ProcessCpu.LoadAverage());
    }

    public async Task<RunFigures> RunAsync(string policy, int workerCount, int problems)
    {
        var database = $"bench{++_runs}_{policy}_{workerCount}";
        await postgres.CreateDatabaseAsync(database);
        var db = $"postgres://assay@127.0.0.1:{postgres.Port}/{database}";
        var concurrency = settings.Concurrency.ToString(CultureInfo.InvariantCulture);
        var samples = policy == "http"
            ? Math.Max(1, (int)Math.Round(settings.Target.TotalSeconds * workerCount * settings.Concurrency / settings.Latency.TotalSeconds / problems))
            : settings.InstantSamples;

        var workers = new List<WorkerProcess>();
        try
        {
            for (var i = 0; i < workerCount; i++)
            {
                workers.Add(policy == "http"
                    ? WorkerProcess.Start(Path.Combine(AppContext.BaseDirectory, "assay.dll"),
                        ["worker", "--cluster", nats.Url, "--db", db, "--concurrency", concurrency, "--sandboxes", "1"], Environment)
                    : WorkerProcess.Start(Path.Combine(AppContext.BaseDirectory, "Assay.Bench.Cluster.dll"),
                        ["instant-worker", "--cluster", nats.Url, "--db", db, "--concurrency", concurrency], Environment));
            }

            await Task.WhenAll(workers.Select(w => w.ReadyAsync(TimeSpan.FromMinutes(2))));
            var postmaster = ProcessCpu.Find("postgres", "-p", postgres.Port.ToString(CultureInfo.InvariantCulture))
                ?? throw new InvalidOperationException("the postmaster was not found in /proc");
            var natsServer = ProcessCpu.Find("nats-server", nats.Port.ToString(CultureInfo.InvariantCulture))
                ?? throw new InvalidOperationException("nats-server was not found in /proc");
            var self = Process.GetCurrentProcess();

            var loadBefore = ProcessCpu.LoadAverage();
            var machineBefore = ProcessCpu.Machine();
            var workersBefore = workers.Sum(w => ProcessCpu.Seconds(w.Id));
            var natsBefore = ProcessCpu.Seconds(natsServer);
            var postgresBefore = ProcessCpu.Seconds(postmaster);
            self.Refresh();
            var selfBefore = self.TotalProcessorTime.TotalSeconds;
            await using var traffic = await ChunkTraffic.StartAsync(nats.Url);
            var clock = Stopwatch.StartNew();

            await using var coordinator = AssayChild.Start(Environment, "run", "--cluster", nats.Url, "--db", db,
                "--model", $"openai:bench@{service.BaseUrl}", "--suite", Suite, "-n", samples.ToString(CultureInfo.InvariantCulture),
                "--seed", "1", "--json");
            var coordinatorCpu = 0.0;
            while (!coordinator.HasExited && clock.Elapsed < CampaignLimit)
            {
                coordinatorCpu = Math.Max(coordinatorCpu, ProcessCpu.Seconds(coordinator.Id));
                await Task.Delay(200);
            }

            var exit = await coordinator.WaitAsync(TimeSpan.FromSeconds(30));
            var wall = clock.Elapsed.TotalSeconds;
            var machineAfter = ProcessCpu.Machine();
            var workersCpu = workers.Sum(w => ProcessCpu.Seconds(w.Id)) - workersBefore;
            var natsCpu = ProcessCpu.Seconds(natsServer) - natsBefore;
            var postgresCpu = ProcessCpu.Seconds(postmaster) - postgresBefore;
            self.Refresh();
            var selfCpu = self.TotalProcessorTime.TotalSeconds - selfBefore;
            var loadAfter = ProcessCpu.LoadAverage();
            var output = coordinator.Output;
            if (exit != 0 || !output.Contains('{', StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"coordinator exit {exit}:\n{output}\n{coordinator.Error}\nfirst worker:\n{workers[0].LastLines}");
            }

            var summary = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
            var seconds = summary.GetProperty("seconds").GetDouble();
            return new RunFigures(
                policy == "http" ? $"loopback HTTP, {settings.Latency.TotalMilliseconds:F0} ms" : "instant, in-process",
                workerCount,
                settings.Concurrency,
                summary.GetProperty("archived").GetInt64(),
                summary.GetProperty("status").GetString() ?? "",
                seconds,
                workersCpu / wall,
                natsCpu / wall,
                postgresCpu / wall,
                coordinatorCpu / wall,
                selfCpu / wall,
                (machineAfter.Busy - machineBefore.Busy) / (machineAfter.Total - machineBefore.Total),
                loadBefore,
                loadAfter,
                traffic.Messages,
                traffic.Messages == 0 ? 0 : traffic.Bytes / traffic.Messages);
        }
        finally
        {
            await Task.WhenAll(workers.Select(w => w.StopAsync()));
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }
}
