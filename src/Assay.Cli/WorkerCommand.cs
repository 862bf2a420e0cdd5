using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Assay.Archive;
using Assay.Cluster;
using Assay.Rollouts;
using Assay.Verification;

namespace Assay.Cli;

/// <summary>
/// <c>assay worker --cluster nats://… --db postgres://…</c>: takes chunks of any campaign's slots from the cluster's
/// work queue, rolls out, verifies in this worker's own sandbox, archives and acknowledges (<see cref="ClusterWorker"/>);
/// or, by <c>--role</c>, only rolls out and hands the answers to the verify stream (generate), or only verifies and
/// archives what that stream holds (verify, <see cref="VerificationWorker"/>). Until SIGTERM or SIGINT, which drains it
/// (what it holds is finished); a second signal stops that too.
/// </summary>
internal static class WorkerCommand
{
    /// <summary>Exit codes besides 0 (drained), 2 (bad input) and 3 (no sandbox).</summary>
    public const int VerifierRefused = 8;

    private static readonly Option<string> Db = new("--db") { Description = "The PostgreSQL archive (postgres://USER@HOST:PORT/DB; the password from PGPASSWORD or PGPASSFILE, never the command line)", Required = true };
    private static readonly Option<string> Role = new("--role") { Description = "What this worker does: both (ask the model, verify in its own sandbox, archive), generate (ask the model, hand each answer to the verify stream; needs verify workers), verify (take answers from the verify stream, verify in a pool of --sandboxes, archive)", DefaultValueFactory = _ => "both" };
    private static readonly Option<int> Concurrency = new("--concurrency") { Description = "Most requests in flight from this worker", DefaultValueFactory = _ => 16 };
    private static readonly Option<int?> Lanes = new("--lanes") { Description = "Chunks (verify: batches of --sandboxes answers) held at once (default: concurrency / chunk size + 1; verify: 2)" };
    private static readonly Option<int> MaxAttempts = new("--max-attempts") { Description = "Attempts per request for transient failures, the first included", DefaultValueFactory = _ => new RetryOptions().MaxAttempts };
    private static readonly Option<int> FlushMilliseconds = new("--flush-ms") { Description = "Milliseconds a scored rollout may wait to be archived with others; what a killed worker answered in this time is asked again", DefaultValueFactory = _ => 50 };
    private static readonly Option<int> PoolSize = new("--sandboxes", "--workers") { Description = "The sandbox pool: verifications in flight at once (roles both and verify)", DefaultValueFactory = _ => Environment.ProcessorCount };
    private static readonly Option<bool> UnsafeNoSandbox = CliOptions.UnsafeNoSandbox();

    public static Command Create()
    {
        var command = new Command("worker", "Work on the campaigns of a cluster: pull chunks of slots from the NATS work queue, roll out, verify in this "
            + "worker's sandbox, archive into PostgreSQL, acknowledge; or, by --role, only roll out and hand the answers to the verify "
            + "stream (generate), or only verify and archive them (verify). SIGTERM drains (finishes what is held) and exits 0. "
            + $"Exit codes: 0 drained; 2 bad input; 3 no sandbox; {VerifierRefused} refused: a campaign is scored by another verifier")
        {
            ClusterFlags.Url, Db, Role, Concurrency, Lanes, MaxAttempts, FlushMilliseconds, PoolSize, UnsafeNoSandbox,
            ClusterFlags.ChunkSize, ClusterFlags.AckWait, ClusterFlags.MaxDeliveries,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var url = parse.GetValue(ClusterFlags.Url) ?? throw new UserInputException("--cluster is required: the NATS server, nats://HOST:PORT");
        var role = parse.GetValue(Role) switch
        {
            // "rollout": this verb's first name for the whole path.
            "both" or "rollout" => WorkerRole.Both,
            "generate" => WorkerRole.Generate,
            "verify" => WorkerRole.Verify,
            var other => throw new UserInputException($"--role {other}: expected both, generate or verify"),
        };

        var options = ClusterFlags.Options(parse);
        var concurrency = parse.GetValue(Concurrency);
        if (concurrency < 1)
        {
            throw new UserInputException($"--concurrency {concurrency}: must be at least 1");
        }

        var flush = parse.GetValue(FlushMilliseconds);
        if (flush < 1)
        {
            throw new UserInputException($"--flush-ms {flush}: must be at least 1");
        }

        var sandboxes = parse.GetValue(PoolSize);
        if (sandboxes < 1)
        {
            throw new UserInputException($"--sandboxes {sandboxes}: must be at least 1");
        }

        var lanes = parse.GetValue(Lanes) ?? (role == WorkerRole.Verify ? 2 : (concurrency / options.ChunkSize) + 1);
        if (lanes < 1)
        {
            throw new UserInputException($"--lanes {lanes}: must be at least 1");
        }

        // The first signal drains; a second stops the chunks in hand too (what is scored is still archived).
        using var drain = new CancellationTokenSource();
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (drain.IsCancellationRequested)
            {
                abort.Cancel();
            }

            drain.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        var db = parse.GetValue(Db)!;
        var slots = ClusterFlags.OpenSlots(db);
        await using (slots.ConfigureAwait(false))
        {
            var archive = await Archives.OpenAsync(db, abort.Token).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                // A generate worker verifies nothing: it needs no sandbox.
                var sandbox = role == WorkerRole.Generate ? null
                    : await Sandboxes.StartAsync(sandboxes, parse.GetValue(UnsafeNoSandbox), abort.Token).ConfigureAwait(false);
                try
                {
                    using var http = PolicyFactory.CreateHttpClient(concurrency, pool => new RatePermitHandler(pool, TimeProvider.System));
                    var cluster = await ClusterFlags.ConnectAsync(url, $"assay worker {Environment.MachineName}/{Environment.ProcessId}", options, abort.Token)
                        .ConfigureAwait(false);
                    await using (cluster.ConfigureAwait(false))
                    {
                        var workerOptions = new WorkerOptions
                        {
                            Cluster = options,
                            Role = role,
                            Concurrency = concurrency,
                            Lanes = lanes,
                            MaxAttempts = parse.GetValue(MaxAttempts),
                            FlushInterval = TimeSpan.FromMilliseconds(flush),
                            Verifier = sandbox is null ? null : new Verifier(new ExactAnswerVerifier(), sandbox),
                            VerifierIdentity = sandbox?.Identity,
                            Sandboxes = sandboxes,
                            CreateClient = async (spec, token) => (await RunCommand.CreatePolicyAsync(spec, http, token).ConfigureAwait(false)).Client,
                            Log = Log,
                        };
                        Log($"worker {Environment.ProcessId} ready: role {role.ToString().ToLowerInvariant()}, verifier {sandbox?.Identity ?? "none"}, "
                            + (role == WorkerRole.Verify ? $"{sandboxes} sandboxes" : $"concurrency {concurrency}") + $", {lanes} lanes");
                        try
                        {
                            return await WorkAsync(cluster, slots, archive, workerOptions, drain.Token, abort.Token).ConfigureAwait(false);
                        }
                        catch (VerifierMismatchException ex)
                        {
                            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                            return VerifierRefused;
                        }
                    }
                }
                finally
                {
                    if (sandbox is not null)
                    {
                        await sandbox.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        }
    }

    /// <summary>Runs the worker the role asks for until it drains; 0.</summary>
    private static async Task<int> WorkAsync(
        ClusterConnection cluster, PostgresSlotQueries slots, IRolloutArchive archive, WorkerOptions options, CancellationToken drain, CancellationToken abort)
    {
        if (options.Role == WorkerRole.Verify)
        {
            var verifier = new VerificationWorker(cluster, archive, options, TimeProvider.System);
            await verifier.RunAsync(drain, abort).ConfigureAwait(false);
            Log($"worker {Environment.ProcessId} drained: {verifier.Rollouts} rollouts verified and archived");
            return 0;
        }

        var worker = new ClusterWorker(cluster, slots, archive, options, TimeProvider.System);
        await using (worker.ConfigureAwait(false))
        {
            await worker.RunAsync(drain, abort).ConfigureAwait(false);
            Log($"worker {Environment.ProcessId} drained: {worker.Chunks} chunks, {worker.Rollouts} rollouts "
                + (options.Role == WorkerRole.Generate ? "answered (archived or handed to the verify stream)" : "archived"));
            return 0;
        }
    }

    private static void Log(string line) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line}"));
}
