using Assay.Bench.Nano;
using Assay.Nano;

// usage: Assay.Bench.Nano [--profile] [--torch PYTHON SCRIPT] [--steps N]
// Prints figures; never passes or fails on time.
if (args.Contains("--profile-sampling"))
{
    SamplingProfile.Run();
    return;
}

if (args.Contains("--profile"))
{
    NanoThreads.Count = 1;
    KernelProfile.Run(32, 64, 128, 4, 40);
    return;
}

if (args.Contains("--train-only"))
{
    var quick = TrainingBench.Run(new NanoConfig(4, 128, 4, 64, 40), 32, 10, threads: 1);
    Console.WriteLine($"nano 1 thread: {quick.TokensPerSecond:F0} tokens/s, {quick.TokensPerCpuSecond:F0} tokens per CPU second");
    return;
}

int steps = args.SkipWhile(a => a != "--steps").Skip(1).Select(int.Parse).FirstOrDefault(30);
int torchAt = Array.IndexOf(args, "--torch");
var config = new NanoConfig(Layers: 4, Width: 128, Heads: 4, Context: 64, Vocabulary: 40);
const int Batch = 32;
int[] threadCounts = Environment.ProcessorCount > 1 ? [1, 2] : [1];
Console.WriteLine($"nano training benchmark: L={config.Layers} d={config.Width} heads={config.Heads} context={config.Context} " +
    $"vocab={config.Vocabulary} batch={Batch}, {config.ParameterCount:N0} parameters, {steps} steps; Vector512: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");

var rows = new List<(string What, string Unit, double?[] Values)>();
var training = threadCounts.Select(t => TrainingBench.Run(config, Batch, steps, t)).ToArray();
rows.Add(("nano training", "tokens/s", training.Select(r => (double?)r.TokensPerSecond).ToArray()));
rows.Add(("nano training, per CPU second", "tokens/s", training.Select(r => (double?)r.TokensPerCpuSecond).ToArray()));
rows.Add(("nano training (6·params·tokens)", "GFLOP/s", training.Select(r => (double?)r.GflopsPerSecond).ToArray()));
if (torchAt >= 0)
{
    var torch = new (double TokensPerSecond, double TokensPerCpuSecond)?[threadCounts.Length];
    for (int i = 0; i < threadCounts.Length; i++)
        torch[i] = await TorchReference.RunAsync(args[torchAt + 1], args[torchAt + 2], threadCounts[i], steps);
    rows.Add(("PyTorch training (same model)", "tokens/s", torch.Select(t => t?.TokensPerSecond).ToArray()));
    rows.Add(("PyTorch training, per CPU second", "tokens/s", torch.Select(t => t?.TokensPerCpuSecond).ToArray()));
    rows.Add(("nano / PyTorch (wall)", "×", training.Select((r, i) => r.TokensPerSecond / torch[i]?.TokensPerSecond).ToArray()));
    rows.Add(("nano / PyTorch (CPU time)", "×", training.Select((r, i) => r.TokensPerCpuSecond / torch[i]?.TokensPerCpuSecond).ToArray()));
}

rows.Add(("matmul 2048×128×384 (C→3C)", "GFLOP/s", threadCounts.Select(t => (double?)MatmulBench.Run(2048, 128, 384, t)).ToArray()));
rows.Add(("matmul 2048×512×128 (4C→C)", "GFLOP/s", threadCounts.Select(t => (double?)MatmulBench.Run(2048, 512, 128, t)).ToArray()));
rows.Add(("matmul 512×512×512", "GFLOP/s", threadCounts.Select(t => (double?)MatmulBench.Run(512, 512, 512, t)).ToArray()));
var textConfig = config with { Vocabulary = NanoTokenizer.VocabularySize };
foreach (int n in new[] { 1, 16 })
    rows.Add(($"sampling, KV cache, n={n} per prompt", "tokens/s", threadCounts.Select(t => (double?)SamplingBench.Run(textConfig, n, t)).ToArray()));

Console.WriteLine();
Console.WriteLine($"| {"measure",-38} | {"unit",-8} | " + string.Join(" | ", threadCounts.Select(t => $"{t} thread{(t > 1 ? "s" : "")}".PadLeft(10))) + " |");
Console.WriteLine($"|{new string('-', 40)}|{new string('-', 10)}|" + string.Join("|", threadCounts.Select(_ => new string('-', 12))) + "|");
foreach (var (what, unit, values) in rows)
    Console.WriteLine($"| {what,-38} | {unit,-8} | " + string.Join(" | ", values.Select(v => (v is double d ? d.ToString(d < 10 ? "F2" : "F0", System.Globalization.CultureInfo.InvariantCulture) : "n/a").PadLeft(10))) + " |");
