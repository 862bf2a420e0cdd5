using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Assay.Archive.Tests;

/// <summary>
/// A real, throw-away PostgreSQL 15 server from Debian's <c>postgresql</c> package: a fresh cluster in a
/// temporary directory, listening on a free 127.0.0.1 port, stopped and deleted on dispose. PostgreSQL
/// refuses to run as root, so under root the binaries run as the <c>postgres</c> system user.
/// (Also compiled into bench/Assay.Bench.Archive.)
/// </summary>
public sealed class TemporaryPostgres : IAsyncDisposable
{
    /// <summary>Where Debian's postgresql-15 package puts the server binaries.</summary>
    public const string DebianBinDirectory = "/usr/lib/postgresql/15/bin";

    private const string Superuser = "assay";

    private readonly string _root;
    private readonly string _data;
    private readonly bool _asPostgresUser;
    private readonly string _binDirectory;
    private string _settings = "";

    private TemporaryPostgres(string binDirectory, string root, int port, bool asPostgresUser)
    {
        _binDirectory = binDirectory;
        _root = root;
        _data = Path.Combine(root, "data");
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>
    /// Initialises and starts a cluster. <paramref name="durable"/> false turns off fsync (tests: speed over
    /// crash safety); true keeps PostgreSQL's defaults (benchmarks).
    /// </summary>
    public static async Task<TemporaryPostgres> StartAsync(bool durable = false, string binDirectory = DebianBinDirectory, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path.Combine(binDirectory, "postgres")) || !File.Exists(Path.Combine(binDirectory, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed ({binDirectory}/postgres or initdb is missing): run `sudo .ci/install`, which installs Debian's postgresql package.");
        }

        var root = Directory.CreateTempSubdirectory("assay-pg-").FullName;
        var asPostgresUser = Environment.IsPrivilegedProcess;
        var server = new TemporaryPostgres(binDirectory, root, FreeLoopbackPort(), asPostgresUser);
        try
        {
            if (asPostgresUser)
            {
                await RunAsync("chown", ["postgres:postgres", root], root, cancellationToken);
            }

            await server.RunServerToolAsync("initdb", ["-D", server._data, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], cancellationToken);
            var settings = $"-p {server.Port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=200";
            if (!durable)
            {
                settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            }

            server._settings = settings;
            await server.StartServerAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database and returns an Npgsql connection string for it; <paramref name="options"/>
    /// is appended to <c>CREATE DATABASE</c> (e.g. a locale).</summary>
    public async Task<string> CreateDatabaseAsync(string name, string options = "", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" {options}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return ConnectionString(name);
    }

    /// <summary>An Npgsql connection string for database <paramref name="database"/>.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = Superuser, Database = database }.ConnectionString;

    /// <summary>The same database as a <c>postgres://</c> URL (trust authentication accepts any password).</summary>
    public string Url(string database, string password = "secret") => $"postgres://{Superuser}:{password}@127.0.0.1:{Port}/{database}";

    /// <summary>Stops the server as an operator's restart does (<c>-m fast</c>: open connections are cut), keeps it down
    /// for <paramref name="downtime"/>, and starts it again on the same port with the same data.</summary>
    public async Task RestartAsync(TimeSpan downtime, CancellationToken cancellationToken = default)
    {
        await RunServerToolAsync("pg_ctl", ["-D", _data, "-m", "fast", "-w", "stop"], cancellationToken);
        await Task.Delay(downtime, cancellationToken);
        await StartServerAsync(cancellationToken);
    }

    private Task StartServerAsync(CancellationToken cancellationToken) =>
        RunServerToolAsync("pg_ctl", ["-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", _settings, "start"], cancellationToken);

    /// <summary>Stops the server at once (its data is thrown away) and deletes the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
            {
                await RunServerToolAsync("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "stop"], CancellationToken.None);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private Task RunServerToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], _root, cancellationToken)
            : RunAsync(path, arguments, _root, cancellationToken);
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
