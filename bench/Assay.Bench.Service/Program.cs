using System.Globalization;
using Assay.Bench.Service;
using Assay.Nano;

// `assay serve` probed as an attacker would, measuring the server's resident memory (VmRSS) and CPU time:
//   1. BIG prompts: concurrent chat requests whose prompt is PROMPT_MB megabytes (the issue: 24 × 25 MB);
//   2. RESET streams: streaming chat requests (n = 128, the longest answers the context allows), each reset (TCP RST)
//      by its client as soon as the first event arrives (the issue: 600 of them).
// After each phase the server is left idle IDLE seconds; its memory and the CPU it spent while idle are printed.
// The served model has the default base model's shape (untrained weights: memory and compute are the same).
// Usage: dotnet run -c Release --project bench/Assay.Bench.Service -- [ASSAY_DLL] [--idle S] [--big N] [--prompt-mb M]
//        [--streams N] [--concurrency C]
// ASSAY_DLL defaults to src/Assay.Cli/bin/Release/net10.0/assay.dll (build it first: dotnet build src/Assay.Cli -c Release).
var options = ProbeOptions.Parse(args);
var checkpoint = Path.Combine(Path.GetTempPath(), $"assay-probe-{Environment.ProcessId}");
await NanoCheckpoint.SaveAsync(NanoModel.Create(NanoConfig.ForText(layers: 4, width: 128, heads: 4, context: 72), seed: 1), checkpoint);
try
{
    await using var server = await ServedProcess.StartAsync(options.AssayDll, checkpoint);
    Console.WriteLine($"server pid {server.Pid} at {server.BaseUrl}; {Environment.ProcessorCount} cores; idle {options.IdleSeconds} s after each phase; load average {LoadAverage()}");
    using var http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromMinutes(5) };
    var model = await Probes.ModelAsync(http);
    await Probes.ChatAsync(http, model, "2+2=");
    await Task.Delay(TimeSpan.FromSeconds(2));
    var baseline = server.Sample();
    Console.WriteLine($"baseline: {baseline.RssMb:F0} MB resident");

    Console.WriteLine($"| phase | requests | statuses | peak MB | after {options.IdleSeconds} s idle MB | server CPU s during phase | server CPU s while idle |");
    Console.WriteLine("|---|---:|---|---:|---:|---:|---:|");
    await PhaseAsync($"{options.BigRequests} × {options.PromptMb} MB prompts", options.BigRequests,
        () => Probes.BigPromptsAsync(http, model, options.BigRequests, options.PromptMb));
    await PhaseAsync($"{options.Streams} streams reset after the first event", options.Streams,
        () => Probes.ResetStreamsAsync(server.BaseUrl, model, options.Streams, options.Concurrency));
    var last = server.Sample();
    Console.WriteLine($"end: {last.RssMb:F0} MB resident ({last.RssMb - baseline.RssMb:+0;-0} MB over baseline); load average {LoadAverage()}");

    async Task PhaseAsync(string name, int requests, Func<Task<IReadOnlyDictionary<string, int>>> run)
    {
        var start = server.Sample();
        using var watch = server.WatchPeak();
        var statuses = await run();
        var end = server.Sample();
        await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds));
        var idle = server.Sample();
        var shown = string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {requests} | {shown} | {Math.Max(watch.PeakMb, end.RssMb):F0} | {idle.RssMb:F0} | {end.CpuSeconds - start.CpuSeconds:F1} | {idle.CpuSeconds - end.CpuSeconds:F1} |"));
    }
}
finally
{
    Directory.Delete(checkpoint, recursive: true);
}

// The machine may be shared: figures are read beside its 1, 5 and 15 minute load averages.
static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
