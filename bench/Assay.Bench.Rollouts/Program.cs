using System.Diagnostics;
using System.Globalization;
using Assay.Archive;
using Assay.Bench.Rollouts;
using Assay.Core;
using Assay.Rollouts;
using Assay.Testing;
using Assay.Verification;

// Campaign engine throughput, end to end: OpenAI SDK over HTTP/1.1 keep-alive to an instant loopback server
// (in this process), Assay's decorator pipeline, answer extraction, exact verification and SQLite archiving.
// Usage: dotnet run -c Release --project bench/Assay.Bench.Rollouts [-- ROLLOUTS [CONCURRENCY,...]]
var rollouts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var levels = args.Length > 1 ? args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [16, 64, 256];
const int ProblemCount = 200;
var samples = Math.Max(1, rollouts / ProblemCount);
var problems = Enumerable.Range(0, ProblemCount).Select(i => new Problem(
    $"bench/{i}", "bench", $"What is {i} + {i % 7}? Answer with the number only.",
    new ExactAnswerCheck((i + (i % 7)).ToString(CultureInfo.InvariantCulture)))).ToList();

// The server answers right for two prompts in three, as a function of the prompt and seed only.
static string Respond(string prompt, long? seed) => (prompt.Length + (seed ?? 0)) % 3 == 0 ? "wrong" : AnswerOf(prompt);
await using var server = await OpenAiCompatibleServer.StartAsync(r => Respond(r.Prompt, r.Seed), recordRequests: false);

Console.WriteLine($"campaign engine: {ProblemCount} problems × {samples} samples = {ProblemCount * samples} rollouts per run, {Environment.ProcessorCount} cores");
Console.WriteLine("| policy | concurrency | rollouts | seconds | rollouts/s | pass rate | CPU ms / rollout | gen0/1/2 GCs |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");

// One untimed warm-up run so JIT and connection set-up are not measured.
await RunAsync(levels[0], 1, http: true, print: false);
foreach (var concurrency in levels)
{
    await RunAsync(concurrency, samples, http: true, print: true);
}

// The same engine with an in-process policy: what the engine, verifier and archive cost without HTTP.
await RunAsync(levels[0], samples, http: false, print: true);

// The loopback server alone, posted a fixed request by a bare HttpClient: what the server and HTTP cost.
await RawServerAsync(levels[0], ProblemCount * samples, sdk: false);

// The same through the OpenAI SDK's IChatClient, no decorators, no engine: what the SDK adds.
await RawServerAsync(levels[0], ProblemCount * samples, sdk: true);

async Task RawServerAsync(int concurrency, int requests, bool sdk)
{
    using var client = PolicyFactory.CreateHttpClient(concurrency);
    using var chat = new PolicyFactory(client, _ => null).Create(ModelSpec.Parse($"openai:bench@{server.BaseUrl}"));
    var messages = new[] { new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, "What is 3 + 3? Answer with the number only.") };
    var url = new Uri(server.BaseUrl.AbsoluteUri + "/chat/completions");
    var body = """{"messages":[{"role":"user","content":"What is 3 + 3? Answer with the number only."}],"model":"bench","max_completion_tokens":256,"seed":5}"""u8.ToArray();
    var next = 0;
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        while (Interlocked.Increment(ref next) <= requests)
        {
            if (sdk)
            {
                await chat.GetResponseAsync(messages, new Microsoft.Extensions.AI.ChatOptions { MaxOutputTokens = 256, Seed = 5 });
                continue;
            }

            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(url, content);
            await response.Content.ReadAsByteArrayAsync();
        }
    })));
    clock.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {(sdk ? "SDK IChatClient → server only" : "bare HttpClient → server only")} | {concurrency} | {requests} | {clock.Elapsed.TotalSeconds:F2} | {requests / clock.Elapsed.TotalSeconds:F0} | – | {cpu.TotalMilliseconds / requests:F3} | – |"));
}

async Task RunAsync(int concurrency, int n, bool http, bool print)
{
    var directory = Directory.CreateTempSubdirectory("assay-bench-rollouts-").FullName;
    try
    {
        var options = new PolicyOptions { MaxConcurrency = concurrency, Price = new ModelPrice(0.15m, 0.60m) };
        using var httpClient = PolicyFactory.CreateHttpClient(concurrency);
        var model = http ? $"openai:bench@{server.BaseUrl}" : "nano:instant";
        using var bare = http ? new PolicyFactory(httpClient, _ => null).Create(ModelSpec.Parse(model)) : new InstantChatClient(Respond);
        using var policy = PolicyPipeline.Build(bare, options, TimeProvider.System, new Random(1));
        await using var archive = await ArchiveFactory.OpenAsync(Path.Combine(directory, "bench.db"));
        var runner = new CampaignRunner(policy, new ExactAnswerVerifier(), archive, TimeProvider.System);
        var campaign = new Campaign($"bench-{concurrency}", model, "bench", n, new SamplingSettings(Seed: 1), DateTimeOffset.UtcNow);

        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = await runner.RunAsync(campaign, problems, new CampaignRunOptions());
        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var stored = (await archive.GetRolloutIdsAsync(campaign.Id)).Count;
        if (stored != result.Planned || result.InfrastructureFailures != 0)
        {
            throw new InvalidOperationException($"expected {result.Planned} archived rollouts, found {stored} ({result.InfrastructureFailures} infrastructure failures)");
        }

        if (print)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(http ? "OpenAI SDK → loopback HTTP" : "in-process policy (no HTTP)")} | {concurrency} | {result.Archived} | {clock.Elapsed.TotalSeconds:F2} | {result.Archived / clock.Elapsed.TotalSeconds:F0} | {(double)result.Passed / result.Archived:P1} | {cpu.TotalMilliseconds / result.Archived:F3} | {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3} |"));
        }
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

static string AnswerOf(string prompt)
{
    var words = prompt.Split(' ');
    return (int.Parse(words[2], CultureInfo.InvariantCulture) + int.Parse(words[4].TrimEnd('?'), CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
}
