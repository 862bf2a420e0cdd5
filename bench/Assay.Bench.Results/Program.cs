using Assay.Bench.Results;

// The results service's load test, in three verbs run as separate processes (see bench/results-load.sh):
//   generate --db DB --out DIR [--rollouts N]   an archive of N rollouts (bulk insert), keys and a tiny nano checkpoint in DIR
//   postgres                                    a throw-away PostgreSQL; prints its URL, runs until stdin closes
//   load --url URL --path P1[|P2...] [--keys FILE] [--clients 200] [--seconds 20] [--warmup 5] [--server-pid PID] [--db-pid PID]
//        [--label TEXT] [--follow-next yes [--pages 20]]
//                                               closed-loop clients; latency p50/p99, requests/s, its own and the server's CPU
return args.FirstOrDefault() switch
{
    "generate" => await ArchiveGenerator.RunAsync(Arguments.Parse(args[1..])),
    "postgres" => await PostgresForBench.RunAsync(),
    "load" => await LoadGenerator.RunAsync(Arguments.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Assay.Bench.Results generate --db DB --out DIR [--rollouts N] | postgres | load --url URL --path P1[|P2...] [options: see Program.cs]");
    return 2;
}
