using System.Text.Json;
using Assay.Archive.Tests;
using Npgsql;

namespace Assay.Cluster.Tests;

/// <summary>What every cluster test stands on: a real PostgreSQL 15 with the archive's database, a real nats-server with
/// JetStream, both on loopback in temporary directories, and the <c>assay</c> processes started against them (stopped
/// on dispose).</summary>
internal sealed class ClusterTestBed : IAsyncDisposable
{
    private readonly List<AssayChild> _children = [];

    private ClusterTestBed(TemporaryPostgres postgres, TemporaryNatsServer nats)
    {
        Postgres = postgres;
        Nats = nats;
    }

    public TemporaryPostgres Postgres { get; }

    public TemporaryNatsServer Nats { get; }

    /// <summary>The archive for <c>--db</c>: no password on the command line (the server trusts loopback).</summary>
    public string Db => $"postgres://assay@127.0.0.1:{Postgres.Port}/cluster";

    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string> { ["PGPASSWORD"] = "unused-with-trust" };

    public static async Task<ClusterTestBed> StartAsync()
    {
        var postgres = await TemporaryPostgres.StartAsync();
        try
        {
            await postgres.CreateDatabaseAsync("cluster");
            return new ClusterTestBed(postgres, await TemporaryNatsServer.StartAsync());
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <c>assay worker --cluster … --db …</c> with <paramref name="args"/> after them.</summary>
    public AssayChild StartWorker(params string[] args) => Start(["worker", "--cluster", Nats.Url, "--db", Db, .. args]);

    /// <summary>Starts <c>assay run --cluster … --db … --json</c> with <paramref name="args"/> after them.</summary>
    public AssayChild StartCoordinator(params string[] args) => Start(["run", "--cluster", Nats.Url, "--db", Db, "--json", .. args]);

    /// <summary>The coordinator's JSON summary, once it has exited.</summary>
    public static JsonElement SummaryOf(AssayChild coordinator) =>
        JsonDocument.Parse(coordinator.Output[coordinator.Output.IndexOf('{', StringComparison.Ordinal)..]).RootElement;

    /// <summary>The campaign's id, as soon as the coordinator has stored it (its first line names it).</summary>
    public static async Task<string> CampaignOfAsync(AssayChild coordinator, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var error = coordinator.Error;
            var at = error.IndexOf("campaign ", StringComparison.Ordinal);
            if (at >= 0 && error.IndexOf(':', at) is var colon and > 0)
            {
                return error[(at + "campaign ".Length)..colon];
            }

            Assert.True(DateTime.UtcNow < deadline && !coordinator.HasExited, $"no campaign named\n{coordinator.Output}\n{error}");
            await Task.Delay(20);
        }
    }

    /// <summary>Rows of the campaign in the archive, and distinct slots among them.</summary>
    public async Task<(long Rows, long Slots)> CountAsync(string campaign)
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString("cluster"));
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT (problem_id, sample_index)) FROM rollouts WHERE campaign_id = @c", connection);
        count.Parameters.AddWithValue("c", campaign);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>One number about the campaign's rollouts: <paramref name="sql"/> with <c>@c</c> for the campaign.</summary>
    public async Task<T> ScalarAsync<T>(string sql, string campaign)
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString("cluster"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("c", campaign);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Messages of a stream on one subject (a work queue holds those not yet acknowledged).</summary>
    public async Task<long> MessagesAsync(string stream, string subject)
    {
        await using var cluster = await ConnectAsync();
        var info = await cluster.JetStream.GetStreamAsync(stream, new NATS.Client.JetStream.Models.StreamInfoRequest { SubjectsFilter = subject });
        return info.Info.State.Subjects is { } counts && counts.TryGetValue(subject, out var count) ? (long)count : 0;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for <paramref name="condition"/>, polling every 20 ms.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {timeout.TotalSeconds} s: {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>Rows of the campaign, 0 while the archive does not know it yet.</summary>
    public async Task<long> RowsAsync(string campaign) => (await CountAsync(campaign)).Rows;

    /// <summary>A connection of the test's own to the cluster's NATS server.</summary>
    public Task<ClusterConnection> ConnectAsync() => ClusterConnection.OpenAsync(Nats.Url, "test", new ClusterOptions(), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        foreach (var child in _children)
        {
            await child.DisposeAsync();
        }

        await Nats.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    private AssayChild Start(string[] args)
    {
        var child = AssayChild.Start(Environment, args);
        _children.Add(child);
        return child;
    }
}
