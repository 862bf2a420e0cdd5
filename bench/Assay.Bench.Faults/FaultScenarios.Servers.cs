using System.Diagnostics;
using System.Globalization;
using Assay.Archive.Tests;
using Microsoft.Data.Sqlite;

namespace Assay.Bench.Faults;

/// <summary>The faults that need a PostgreSQL server, a small file system, or a foreign database.</summary>
internal static partial class FaultScenarios
{
    /// <summary>Two resumes at once on PostgreSQL.</summary>
    public static async Task<FaultFigures> TwoResumesPostgresAsync()
    {
        await using var postgres = await TemporaryPostgres.StartAsync();
        var connection = await postgres.CreateDatabaseAsync("faults");
        await using var bench = await FaultBench.StartAsync(Latency);
        return await TwoResumesAsync(bench, "two resumes at once (PostgreSQL)", postgres.Url("faults"),
            id => FaultBench.ArchivedInPostgresAsync(connection, id).GetAwaiter().GetResult());
    }

    /// <summary>PostgreSQL restarted (down 1 s) under a running campaign; a resume if the run did not finish.</summary>
    public static async Task<FaultFigures> PostgresRestartAsync()
    {
        await using var postgres = await TemporaryPostgres.StartAsync();
        var connection = await postgres.CreateDatabaseAsync("faults");
        await using var bench = await FaultBench.StartAsync(Latency);
        var db = postgres.Url("faults");
        using var run = bench.NewCampaign(db);
        await bench.WaitForAnswersAsync(300);
        await postgres.RestartAsync(TimeSpan.FromSeconds(1));
        var exit = await run.WaitAsync(Patience);
        var id = FaultBench.CampaignIdOf(run);
        var (answered, archived) = (bench.Answered, await FaultBench.ArchivedInPostgresAsync(connection, id));
        var said = exit == 0 ? "completed" : FaultBench.LastError(run);
        var exits = exit.ToString(CultureInfo.InvariantCulture);
        if (exit != 0)
        {
            using var resume = bench.Assay("run", "--resume", id, "--db", db, "--concurrency", "16");
            exits += $", resume {await resume.WaitAsync(Patience)}";
        }

        return new FaultFigures("PostgreSQL restarted mid-run", exits, bench.Answered, await FaultBench.ArchivedInPostgresAsync(connection, id),
            bench.AnsweredTwice, $"{said}; before any resume: {answered} answered, {archived} archived");
    }

    /// <summary>The archive on a 1 MiB tmpfs that fills up mid-run; then the file system grows and the campaign resumes.</summary>
    public static async Task<FaultFigures> DiskFullAsync()
    {
        await using var bench = await FaultBench.StartAsync(Latency);
        var mount = Path.Combine(bench.Directory, "small");
        Directory.CreateDirectory(mount);
        await RunToolAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount);
        try
        {
            var db = Path.Combine(mount, "assay.db");
            using var run = bench.NewCampaign(db);
            var exit = await run.WaitAsync(Patience);
            var id = FaultBench.CampaignIdOf(run);
            var (answered, archived) = (bench.Answered, FaultBench.ArchivedInSqlite(db, id));
            var said = FaultBench.LastError(run);
            await RunToolAsync("mount", "-o", "remount,size=64m", mount);
            using var resume = bench.Assay("run", "--resume", id, "--db", db, "--concurrency", "16");
            var resumed = await resume.WaitAsync(Patience);
            var final = FaultBench.ArchivedInSqlite(db, id);
            SqliteConnection.ClearAllPools();
            return new FaultFigures("disk full (1 MiB tmpfs), then resume", $"{exit}, resume {resumed}", bench.Answered, final, bench.AnsweredTwice,
                $"{said}; at the stop: {answered} answered, {archived} archived");
        }
        finally
        {
            await RunToolAsync("umount", mount);
        }
    }

    /// <summary>An archive whose schema_migrations names a version this build does not know, then run and report on it.</summary>
    public static async Task<FaultFigures> NewerSchemaAsync()
    {
        await using var bench = await FaultBench.StartAsync(Latency);
        var db = Path.Combine(bench.Directory, "assay.db");
        using (var first = bench.Assay("run", "--model", bench.Model, "--suite", bench.SuitePath, "--limit", "5", "--db", db))
        {
            await first.WaitAsync(Patience);
        }

        Execute(db, "INSERT INTO schema_migrations (version, name, applied_at_us) VALUES (999, 'from_the_future', 0)");
        using var run = bench.Assay("run", "--model", bench.Model, "--suite", bench.SuitePath, "--limit", "5", "--db", db);
        var exit = await run.WaitAsync(Patience);
        return new FaultFigures("archive of a newer schema (999)", exit.ToString(CultureInfo.InvariantCulture), 0, 0, 0,
            exit == 0 ? "used anyway: a campaign archived into it" : FaultBench.LastError(run));
    }

    /// <summary><c>assay report</c> on a SQLite file that holds someone else's table.</summary>
    public static async Task<FaultFigures> ReportOnUnrelatedFileAsync()
    {
        await using var bench = await FaultBench.StartAsync(Latency);
        var db = Path.Combine(bench.Directory, "notes.db");
        Execute(db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
        var before = File.ReadAllBytes(db);
        using var report = bench.Assay("report", "--db", db);
        var exit = await report.WaitAsync(Patience);
        SqliteConnection.ClearAllPools();
        var untouched = before.AsSpan().SequenceEqual(File.ReadAllBytes(db)) && !File.Exists(db + "-wal");
        return new FaultFigures("report on an unrelated SQLite file", exit.ToString(CultureInfo.InvariantCulture), 0, 0, 0,
            $"{(untouched ? "file untouched" : "file changed (journal mode or tables)")}; {FaultBench.LastError(report)}");
    }

    private static void Execute(string db, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task RunToolAsync(string tool, params string[] arguments)
    {
        using var process = Process.Start(tool, arguments);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode} (the disk-full fault needs root to mount a tmpfs)");
        }
    }
}
