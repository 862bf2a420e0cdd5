using System.CommandLine;
using Assay.Archive;
using Assay.Cluster;
using Npgsql;

namespace Assay.Cli;

/// <summary>The flags <c>assay run --cluster</c> and <c>assay worker</c> share, and the rule they share for <c>--db</c>.</summary>
internal static class ClusterFlags
{
    private static readonly ClusterOptions Defaults = new();

    public static readonly Option<string?> Url = new("--cluster") { Description = "Run over many machines: the NATS server (nats://HOST:PORT, JetStream on) whose work-queue stream carries the campaign's slots to `assay worker` processes; --db must then be PostgreSQL" };
    public static readonly Option<int> ChunkSize = new("--chunk-size") { Description = "Slots per chunk (one message of the work queue)", DefaultValueFactory = _ => Defaults.ChunkSize };
    public static readonly Option<double> AckWait = new("--ack-wait") { Description = "Seconds a worker may hold a chunk without a sign of life before it is redelivered to another", DefaultValueFactory = _ => Defaults.AckWait.TotalSeconds };
    public static readonly Option<int> MaxDeliveries = new("--max-deliveries") { Description = "Deliveries of one chunk before it goes to the dead-letter stream (ASSAY_DEAD) unrun", DefaultValueFactory = _ => Defaults.MaxDeliveries };

    /// <summary>The stream settings the flags give.</summary>
    public static ClusterOptions Options(ParseResult parse)
    {
        var chunk = parse.GetValue(ChunkSize);
        var wait = parse.GetValue(AckWait);
        var deliveries = parse.GetValue(MaxDeliveries);
        if (chunk < 1)
        {
            throw new UserInputException($"--chunk-size {chunk}: must be at least 1");
        }

        if (!(wait >= 1))
        {
            throw new UserInputException($"--ack-wait {wait}: must be at least 1 (seconds)");
        }

        if (deliveries < 1)
        {
            throw new UserInputException($"--max-deliveries {deliveries}: must be at least 1");
        }

        return new ClusterOptions { ChunkSize = chunk, AckWait = TimeSpan.FromSeconds(wait), MaxDeliveries = deliveries };
    }

    /// <summary>
    /// The PostgreSQL archive of a cluster, refusing a password on the command line: every user of the machine reads it
    /// in <c>ps</c>, and a Kubernetes pod spec would hold it in plain text. Npgsql takes it from <c>PGPASSWORD</c> or the
    /// file <c>PGPASSFILE</c> names (libpq's format).
    /// </summary>
    public static PostgresSlotQueries OpenSlots(string db)
    {
        if (HasPassword(db))
        {
            throw new UserInputException("--db: no password on the command line (other users see it in ps): set PGPASSWORD, or PGPASSFILE to a file in libpq's format");
        }

        try
        {
            return PostgresSlotQueries.Open(db);
        }
        catch (ArchiveLocationException ex)
        {
            throw new UserInputException(ex.Message, ex);
        }
    }

    /// <summary>Connects to the cluster's NATS server; one line naming <c>--cluster</c> when it cannot.</summary>
    public static async Task<ClusterConnection> ConnectAsync(string url, string name, ClusterOptions options, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls"))
        {
            throw new UserInputException($"--cluster {url}: expected nats://HOST:PORT");
        }

        try
        {
            return await ClusterConnection.OpenAsync(url, name, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NATS.Client.Core.NatsException or TimeoutException)
        {
            throw new UserInputException($"--cluster {url}: cannot use the NATS server: {ex.Message}", ex);
        }
    }

    private static bool HasPassword(string db)
    {
        if (db.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(db, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal);
        }

        try
        {
            return db.Contains('=', StringComparison.Ordinal) && new NpgsqlConnectionStringBuilder(db).Password is not null;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
