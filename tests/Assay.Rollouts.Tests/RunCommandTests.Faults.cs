using System.Diagnostics;
using Assay.Archive;
using Assay.Archive.Tests;
using Assay.Testing;

namespace Assay.Rollouts.Tests;

/// <summary>Archive faults under a running campaign, through the real CLI against a loopback service that counts what it
/// answers: a passing one is ridden out, a lasting one stops the run in one clear line, and the resume asks nothing twice.</summary>
public sealed partial class RunCommandTests
{
    [Fact]
    public async Task A_postgresql_restart_mid_run_is_ridden_out_and_the_campaign_completes_without_a_resume()
    {
        await using var postgres = await TemporaryPostgres.StartAsync();
        await postgres.CreateDatabaseAsync("restarted");
        var db = postgres.Url("restarted");
        await using var server = await OpenAiCompatibleServer.StartAsync(ArithmeticScenario.Respond, latency: TimeSpan.FromMilliseconds(50));
        using var run = Assay("run", "--model", $"openai:loopback@{server.BaseUrl}", "--suite", SuitePath, "-n", "8", "--seed", "7",
            "--db", db, "--concurrency", "8");
        await FakeClock.WaitUntilAsync(() => server.Requests.Count(r => !IsProbe(r)) >= 60 || run.HasExited);

        await postgres.RestartAsync(TimeSpan.FromSeconds(1));

        Assert.True(await run.WaitAsync(TimeSpan.FromMinutes(2)) == 0, run.Stdout + run.Stderr);
        var campaignId = CampaignLine().Match(run.Stdout).Groups[1].Value;
        await using var archive = await ArchiveFactory.OpenAsync(db);
        Assert.Equal(400, (await ReadAsync(archive, campaignId)).Count);
        Assert.Equal(400, server.Requests.Count(r => !IsProbe(r))); // requests answered = rollouts archived
    }

    [Fact]
    public async Task A_full_disk_stops_the_run_in_one_line_naming_database_campaign_count_and_resume_and_the_resume_asks_nothing_twice()
    {
        Assert.True(Environment.IsPrivilegedProcess, "this test mounts a 1 MiB tmpfs: run it as root (as .ci/run does)");
        var small = Path.Combine(Path.GetDirectoryName(Db)!, "small");
        Directory.CreateDirectory(small);
        await RunToolAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small);
        try
        {
            var db = Path.Combine(small, "assay.db");
            await using var server = await OpenAiCompatibleServer.StartAsync(ArithmeticScenario.Respond, latency: TimeSpan.FromMilliseconds(5));
            // Long prompts (a system message on every request, archived with it) fill the megabyte within the campaign.
            using var run = Assay("run", "--model", $"openai:loopback@{server.BaseUrl}", "--suite", SuitePath, "-n", "8", "--seed", "7",
                "--db", db, "--concurrency", "8", "--system", new string('x', 4000));

            Assert.Equal(8, await run.WaitAsync(TimeSpan.FromMinutes(2)));
            var campaignId = CampaignLine().Match(run.Stdout).Groups[1].Value;
            var error = Assert.Single(run.Stderr.Split('\n'), line => line.StartsWith("error:", StringComparison.Ordinal));
            Assert.StartsWith($"error: the archive --db {db} failed: ", error, StringComparison.Ordinal);
            Assert.Contains("full", error, StringComparison.Ordinal);
            Assert.Contains($"campaign {campaignId} stopped with ", error, StringComparison.Ordinal);
            Assert.Contains("/400 rollouts archived", error, StringComparison.Ordinal);
            Assert.EndsWith($"assay run --resume {campaignId} --db {db} archives them first and finishes", error.TrimEnd(), StringComparison.Ordinal);
            var answeredAtStop = server.Requests.Count(r => !IsProbe(r));
            Assert.InRange(answeredAtStop, 1, 399);

            await RunToolAsync("mount", "-o", "remount,size=64m", small);
            using (var resume = Assay("run", "--resume", campaignId, "--db", db, "--concurrency", "8"))
            {
                Assert.True(await resume.WaitAsync(TimeSpan.FromMinutes(2)) == 0, resume.Stdout + resume.Stderr);
            }

            await using (var archive = await ArchiveFactory.OpenAsync(db))
            {
                Assert.Equal(400, (await ReadAsync(archive, campaignId)).Count);
            }

            Assert.Equal(400, server.Requests.Count(r => !IsProbe(r))); // nothing answered was asked again
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await RunToolAsync("umount", small);
        }
    }

    [Fact]
    public async Task A_database_file_deleted_under_a_running_campaign_stops_it_with_exit_code_8_and_keeps_the_answers()
    {
        await using var server = await OpenAiCompatibleServer.StartAsync(ArithmeticScenario.Respond, latency: TimeSpan.FromMilliseconds(20));
        using var run = Assay("run", "--model", $"openai:loopback@{server.BaseUrl}", "--suite", SuitePath, "-n", "8", "--seed", "7",
            "--db", Db, "--concurrency", "8");
        await FakeClock.WaitUntilAsync(() => server.Requests.Count(r => !IsProbe(r)) >= 60 || run.HasExited);

        File.Delete(Db);

        Assert.Equal(8, await run.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains($"error: the archive --db {Db} failed: the database file {Db} was removed or replaced", run.Stderr, StringComparison.Ordinal);
        var campaignId = CampaignLine().Match(run.Stdout).Groups[1].Value;
        var spilled = await RolloutSpill.ReadAsync(RolloutSpill.PathFor(Path.Combine(Home, "spill"), campaignId));
        Assert.Equal(server.Requests.Count(r => !IsProbe(r)), spilled.Count); // every answer kept, for a resume elsewhere
    }

    private static async Task RunToolAsync(string tool, params string[] arguments)
    {
        using var process = Process.Start(tool, arguments);
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}");
    }
}
