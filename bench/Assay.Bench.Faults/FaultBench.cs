using System.Text.Json;
using System.Text.RegularExpressions;
using Assay.Core;
using Assay.Rollouts.Tests;
using Assay.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Assay.Bench.Faults;

/// <summary>
/// One scenario's bench: a loopback model service that records every request it answers, a suite file, an
/// <c>ASSAY_HOME</c>, and the real <c>assay</c> CLI as child processes. What the figures count: requests the service
/// answered (the pre-flight probe left out), rollouts the archive holds, and requests answered more than once.
/// </summary>
internal sealed partial class FaultBench : IAsyncDisposable
{
    /// <summary>Problems in the suite; × <see cref="Samples"/> rollouts per campaign.</summary>
    public const int Problems = 200;

    /// <summary>Samples per problem.</summary>
    public const int Samples = 16;

    private FaultBench(OpenAiCompatibleServer server, string directory)
    {
        Server = server;
        Directory = directory;
    }

    /// <summary>The loopback model service.</summary>
    public OpenAiCompatibleServer Server { get; }

    /// <summary>A fresh directory for the suite, SQLite files and <c>ASSAY_HOME</c>.</summary>
    public string Directory { get; }

    /// <summary>The suite file.</summary>
    public string SuitePath => Path.Combine(Directory, "arith.jsonl");

    /// <summary>The model flag naming the loopback service.</summary>
    public string Model => $"openai:loopback@{Server.BaseUrl}";

    public static async Task<FaultBench> StartAsync(TimeSpan latency)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("assay-faults-").FullName;
        var lines = ArithmeticScenario.Problems(Problems).Select(p => JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["task_id"] = p.Id,
            ["prompt"] = p.Prompt,
            ["answer"] = ((ExactAnswerCheck)p.Check).Expected,
        }));
        await File.WriteAllLinesAsync(Path.Combine(directory, "arith.jsonl"), lines);
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "home"));
        var server = await OpenAiCompatibleServer.StartAsync(ArithmeticScenario.Respond, latency: latency);
        return new FaultBench(server, directory);
    }

    /// <summary>Starts <c>assay</c> with this bench's <c>ASSAY_HOME</c>.</summary>
    public AssayProcess Assay(params string[] args) =>
        AssayProcess.Start(new Dictionary<string, string> { ["ASSAY_HOME"] = Path.Combine(Directory, "home") }, args);

    /// <summary>A new campaign over the whole suite, seeded, so every (prompt, seed) names one slot.</summary>
    public AssayProcess NewCampaign(string db, int concurrency = 16) =>
        Assay("run", "--model", Model, "--suite", SuitePath, "-n", Samples.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--seed", "7", "--db", db, "--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Rollout requests answered so far (the one-token probe of each run left out).</summary>
    public int Answered => Server.Requests.Count(r => r.MaxTokens != 1);

    /// <summary>Rollout requests answered more than once so far: each extra answer of one (prompt, seed) counts.</summary>
    public int AnsweredTwice
    {
        get
        {
            var keys = Server.Requests.Where(r => r.MaxTokens != 1).Select(r => (r.Prompt, r.Seed)).ToList();
            return keys.Count - keys.Distinct().Count();
        }
    }

    /// <summary>Waits until the service has answered <paramref name="count"/> rollout requests, or 60 s.</summary>
    public async Task WaitForAnswersAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (Answered < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }
    }

    /// <summary>The campaign id a run printed, or "" when it printed none.</summary>
    public static string CampaignIdOf(AssayProcess run) => CampaignLine().Match(run.Stdout).Groups[1].Value;

    /// <summary>Rollouts (every attempt) a SQLite file holds for a campaign, read without changing the file; 0 when
    /// the file or the table is not there.</summary>
    public static int ArchivedInSqlite(string path, string campaignId)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'rollouts'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            return 0;
        }

        command.CommandText = "SELECT count(*) FROM rollouts WHERE campaign_id = $c";
        command.Parameters.AddWithValue("$c", campaignId);
        return (int)(long)command.ExecuteScalar()!;
    }

    /// <summary>Rollouts (every attempt) a PostgreSQL database holds for a campaign.</summary>
    public static async Task<int> ArchivedInPostgresAsync(string connectionString, string campaignId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM rollouts WHERE campaign_id = @c", connection);
        command.Parameters.AddWithValue("c", campaignId);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The last <c>error:</c> line a run wrote to standard error, or "".</summary>
    public static string LastError(AssayProcess run) =>
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(line => line.StartsWith("error:", StringComparison.Ordinal)) ?? "";

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    [GeneratedRegex(@"campaign (\S+):")]
    private static partial Regex CampaignLine();
}
