// Archive ingest throughput: rows/s appended to SQLite and PostgreSQL at several batch sizes.
//
//   dotnet run -c Release --project bench/Assay.Bench.Archive -- [--rows 20000] [--batch-sizes 1,100,1000] [--postgres URL]
//
// Without --postgres a throw-away PostgreSQL 15 server is started with its default (durable) settings.
// Batch size 1 writes at most 2000 rows: one transaction per row is slow by design, which is the point.
using System.Diagnostics;
using System.Globalization;
using Assay.Archive;
using Assay.Archive.Tests;
using Assay.Bench.Archive;
using Assay.Core;
using Microsoft.Data.Sqlite;

var rows = 20_000;
int[] batchSizes = [1, 100, 1000];
string? postgresUrl = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rows":
            rows = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--batch-sizes":
            batchSizes = [.. args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            break;
        case "--postgres":
            postgresUrl = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: [--rows N] [--batch-sizes 1,100,1000] [--postgres URL]");
            return 2;
    }
}

var all = RealisticRollouts.Make("bench", rows, seed: 42);
var payload = all.Average(r => r.Request.Length + r.Completion.Length);
Console.WriteLine($"{rows} rollouts, mean request+completion {payload:0} chars, logprobs on 1 in 4; {Environment.ProcessorCount} cores");
Console.WriteLine();
// Client CPU is this process only (PostgreSQL's server processes are not in it); under a loaded machine
// it shows what the archive code itself costs, where wall-clock rows/s also measures the neighbours.
Console.WriteLine($"{"backend",-12} {"batch",6} {"rows",7} {"seconds",8} {"rows/s",9} {"client CPU µs/row",18}");

var scratch = Directory.CreateTempSubdirectory("assay-bench-");
TemporaryPostgres? server = null;
try
{
    var sqliteRun = 0;
    await MeasureAsync("sqlite", async () => await SqliteRolloutArchive.OpenAsync(Path.Combine(scratch.FullName, $"bench{sqliteRun++}.db")));

    if (postgresUrl is null)
    {
        server = await TemporaryPostgres.StartAsync(durable: true);
    }

    var database = 0;
    await MeasureAsync("postgres", async () =>
    {
        if (server is null)
        {
            // A user-supplied database: the runs share it, each under its own campaign id.
            return await ArchiveFactory.OpenAsync(postgresUrl!);
        }

        return await ArchiveFactory.OpenAsync(await server.CreateDatabaseAsync($"bench{database++}"));
    });
}
finally
{
    if (server is not null)
    {
        await server.DisposeAsync();
    }

    SqliteConnection.ClearAllPools();
    scratch.Delete(recursive: true);
}

return 0;

async Task MeasureAsync(string backend, Func<Task<IRolloutArchive>> open)
{
    // Warm-up: JIT, connection pool, prepared statements.
    await using (var warm = await open())
    {
        await warm.AppendAsync(RealisticRollouts.Make("warm-up", 200, seed: 1));
    }

    foreach (var batchSize in batchSizes)
    {
        var count = batchSize == 1 ? Math.Min(rows, 2000) : rows;
        var campaign = $"bench-{backend}-{batchSize}-{Guid.NewGuid():N}";
        var rollouts = all.Take(count).Select(r => r with { CampaignId = campaign, Id = RolloutId.For(campaign, r.ProblemId, r.SampleIndex) }).ToArray();
        await using var archive = await open();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < rollouts.Length; start += batchSize)
        {
            await archive.AppendAsync(rollouts.AsMemory(start, Math.Min(batchSize, rollouts.Length - start)).ToArray());
        }

        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var stored = (await archive.GetRolloutIdsAsync(campaign)).Count;
        if (stored != count)
        {
            throw new InvalidOperationException($"{backend}: stored {stored} of {count} rollouts.");
        }

        Console.WriteLine($"{backend,-12} {batchSize,6} {count,7} {clock.Elapsed.TotalSeconds,8:0.00} {count / clock.Elapsed.TotalSeconds,9:0} {cpu.TotalMicroseconds / count,18:0}");
    }
}
