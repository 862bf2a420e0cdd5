using Assay.Bench.Nano;
using Assay.Nano;

if (args.Contains("--profile"))
{
    NanoThreads.Count = 1;
    KernelProfile.Run(32, 64, 128, 4, 40);
    return;
}

var config = new NanoConfig(Layers: 4, Width: 128, Heads: 4, Context: 64, Vocabulary: 40);
foreach (int threads in new[] { 1, 2 })
{
    var (tps, gflops, loss) = TrainingBench.Run(config, batch: 32, steps: 20, threads);
    Console.WriteLine($"threads={threads}: {tps:F0} tokens/s, {gflops:F1} GFLOP/s, loss {loss:F3}");
}
