using System.Runtime.InteropServices;
using Assay.Archive;
using Assay.Bench.Rollouts;
using Assay.Cluster;
using Assay.Verification;
using Microsoft.Extensions.AI;

namespace Assay.Bench.Cluster;

/// <summary>
/// <c>Assay.Bench.Cluster instant-worker --cluster URL --db URL --concurrency C</c>: the same <see cref="ClusterWorker"/>
/// that <c>assay worker</c> runs, in a process of its own, but with an in-process policy that answers at once (assay
/// has no such model scheme) and exact-answer verification only: the cluster path's own ceiling, without a model
/// service. SIGTERM drains it, as it does <c>assay worker</c>.
/// </summary>
internal static class InstantWorker
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Flag(string name) => args[Array.IndexOf(args, name) + 1];
        var url = Flag("--cluster");
        var db = Flag("--db");
        var concurrency = int.Parse(Flag("--concurrency"), System.Globalization.CultureInfo.InvariantCulture);

        using var drain = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            drain.Cancel();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        var options = new ClusterOptions();
        await using var slots = PostgresSlotQueries.Open(db);
        await using var archive = await ArchiveFactory.OpenAsync(db, ArchiveOpenOptions.Write, TimeProvider.System, abort.Token);
        await using var cluster = await ClusterConnection.OpenAsync(url, $"bench instant worker {Environment.ProcessId}", options, abort.Token);
        var workerOptions = new WorkerOptions
        {
            Cluster = options,
            Concurrency = concurrency,
            Lanes = (concurrency / options.ChunkSize) + 1,
            Verifier = new ExactAnswerVerifier(),
            VerifierIdentity = "bench-exact-answers-only",
            CreateClient = (_, _) => Task.FromResult<IChatClient>(new InstantChatClient((_, _) => "42")),
        };
        await using var worker = new ClusterWorker(cluster, slots, archive, workerOptions, TimeProvider.System);
        await Console.Error.WriteLineAsync($"instant worker {Environment.ProcessId} ready: concurrency {concurrency}");
        await worker.RunAsync(drain.Token, abort.Token);
        await Console.Error.WriteLineAsync($"instant worker {Environment.ProcessId} drained: {worker.Rollouts} rollouts archived");
        return 0;
    }
}
