using Assay.Archive.Tests;

namespace Assay.Bench.Results;

/// <summary>A durable throw-away PostgreSQL 15 for the load test: prints its URL, stops and deletes itself when stdin closes.</summary>
internal static class PostgresForBench
{
    public static async Task<int> RunAsync()
    {
        await using var server = await TemporaryPostgres.StartAsync(durable: true);
        await server.CreateDatabaseAsync("bench");
        Console.WriteLine(server.Url("bench"));
        await Console.Out.FlushAsync();
        await Console.In.ReadToEndAsync();
        return 0;
    }
}
