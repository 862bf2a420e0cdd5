using System.Diagnostics;
using System.Globalization;
using Assay.Rollouts.Tests;

namespace Assay.Bench.Faults;

/// <summary>The faults of issue 10 on a SQLite archive, each on a fresh bench.</summary>
internal static partial class FaultScenarios
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>A campaign killed with SIGKILL, then <c>--resume</c> twice at once: figures of the two resumes.</summary>
    public static async Task<FaultFigures> TwoResumesSqliteAsync()
    {
        await using var bench = await FaultBench.StartAsync(Latency);
        var db = Path.Combine(bench.Directory, "assay.db");
        return await TwoResumesAsync(bench, "two resumes at once (SQLite)", db, id => FaultBench.ArchivedInSqlite(db, id));
    }

    private static async Task<FaultFigures> TwoResumesAsync(FaultBench bench, string name, string db, Func<string, int> archived)
    {
        string id;
        using (var first = bench.NewCampaign(db))
        {
            await bench.WaitForAnswersAsync(200);
            first.KillHard();
            id = FaultBench.CampaignIdOf(first);
        }

        var (answeredBefore, archivedBefore, twiceBefore) = (bench.Answered, archived(id), bench.AnsweredTwice);
        using var one = bench.Assay("run", "--resume", id, "--db", db, "--concurrency", "16");
        using var two = bench.Assay("run", "--resume", id, "--db", db, "--concurrency", "16");
        var exits = await Task.WhenAll(one.WaitAsync(Patience), two.WaitAsync(Patience));
        var refused = new[] { one, two }.Select(FaultBench.LastError).FirstOrDefault(e => e.StartsWith("error:", StringComparison.Ordinal)) ?? "neither refused";
        return new FaultFigures(name, string.Join(", ", exits), bench.Answered - answeredBefore, archived(id) - archivedBefore,
            bench.AnsweredTwice - twiceBefore, refused);
    }

    /// <summary>SIGTERM while another connection holds the SQLite write lock (BEGIN IMMEDIATE) until the run exits.</summary>
    public static async Task<FaultFigures> SigtermWithHeldLockAsync()
    {
        await using var bench = await FaultBench.StartAsync(Latency);
        var db = Path.Combine(bench.Directory, "assay.db");
        using var run = bench.NewCampaign(db);
        await bench.WaitForAnswersAsync(300);
        var clock = Stopwatch.StartNew();
        int exit;
        using (new SqliteWriteLock(db))
        {
            await Task.Delay(300);
            await run.TerminateAsync();
            exit = await run.WaitAsync(Patience);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var id = FaultBench.CampaignIdOf(run);
        var resumeHint = run.Stdout.Contains("--resume", StringComparison.Ordinal) || run.Stderr.Contains("--resume", StringComparison.Ordinal);
        return new FaultFigures("SIGTERM, write lock held", exit.ToString(CultureInfo.InvariantCulture), bench.Answered,
            FaultBench.ArchivedInSqlite(db, id), bench.AnsweredTwice,
            string.Create(CultureInfo.InvariantCulture, $"exited {seconds:F1} s after the signal; resume command printed: {(resumeHint ? "yes" : "no")}"));
    }

    /// <summary>SIGKILL early in a run, then a resume: what the kill lost, and what the resume asked again.</summary>
    public static async Task<FaultFigures> KillThenResumeAsync()
    {
        await using var bench = await FaultBench.StartAsync(Latency);
        var db = Path.Combine(bench.Directory, "assay.db");
        string id;
        using (var first = bench.NewCampaign(db))
        {
            await bench.WaitForAnswersAsync(150);
            first.KillHard();
            id = FaultBench.CampaignIdOf(first);
        }

        var (answeredAtKill, archivedAtKill) = (bench.Answered, FaultBench.ArchivedInSqlite(db, id));
        using var resume = bench.Assay("run", "--resume", id, "--db", db, "--concurrency", "16");
        var exit = await resume.WaitAsync(Patience);
        return new FaultFigures("kill -9, then resume", $"killed, {exit}", bench.Answered, FaultBench.ArchivedInSqlite(db, id), bench.AnsweredTwice,
            $"at the kill: {answeredAtKill} answered, {archivedAtKill} archived");
    }

    /// <summary>The database file deleted under a running campaign.</summary>
    public static async Task<FaultFigures> DatabaseDeletedAsync()
    {
        await using var bench = await FaultBench.StartAsync(Latency);
        var db = Path.Combine(bench.Directory, "assay.db");
        using var run = bench.NewCampaign(db);
        await bench.WaitForAnswersAsync(300);
        File.Delete(db);
        var exit = await run.WaitAsync(Patience);
        var id = FaultBench.CampaignIdOf(run);
        var said = FaultBench.LastError(run) is { Length: > 0 } error ? error : StatusLine(run);
        return new FaultFigures("database file deleted mid-run", exit.ToString(CultureInfo.InvariantCulture), bench.Answered,
            FaultBench.ArchivedInSqlite(db, id), bench.AnsweredTwice,
            $"{said}; left at the path: {(File.Exists(db) ? "a database" : "nothing")}{(File.Exists(db + "-wal") ? " + a WAL" : "")}");
    }

    /// <summary>The line of the run's summary that gives its status.</summary>
    private static string StatusLine(AssayProcess run) =>
        run.Stdout.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("status", StringComparison.Ordinal) || l.Contains("│ status", StringComparison.Ordinal)) ?? "";
}
