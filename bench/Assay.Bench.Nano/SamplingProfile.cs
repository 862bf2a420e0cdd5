using System.Diagnostics;
using Assay.Nano;

namespace Assay.Bench.Nano;

internal static class SamplingProfile
{
    public static void Run()
    {
        NanoThreads.Count = 1;
        var model = NanoModel.Create(new NanoConfig(4, 128, 4, 64, NanoTokenizer.VocabularySize), seed: 1);
        foreach (int rows in new[] { 1, 16 })
        {
            var cache = new KvCache(model, rows, 64);
            var logits = new float[64 * model.Config.Vocabulary];
            var slots = Enumerable.Range(0, rows).ToArray();
            var tokens = new int[rows];
            for (int w = 0; w < 2; w++)
                for (int p = 0; p < 64; p++)
                    cache.Forward(slots, Enumerable.Repeat(p, rows).ToArray(), tokens, logits);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            for (int rep = 0; rep < 5; rep++)
                for (int p = 0; p < 64; p++)
                    cache.Forward(slots, Enumerable.Repeat(p, rows).ToArray(), tokens, logits);
            double cpuS = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"KvCache.Forward rows={rows}: {5 * 64 * rows / sw.Elapsed.TotalSeconds:F0} tokens/s wall, {5 * 64 * rows / cpuS:F0} per cpu-s");
        }
        foreach (int n in new[] { 1, 16 })
        {
            var request = new SamplingRequest { N = n, MaxTokens = 64, Seed = 1 };
            NanoSampler.Generate(model, "12+34=", request);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            long tokens = 0;
            for (int rep = 0; rep < 5; rep++)
                tokens += NanoSampler.Generate(model, "12+34=", request with { Seed = rep }).Sum(r => r.CompletionTokens);
            double cpuS = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"Generate n={n}: {tokens / sw.Elapsed.TotalSeconds:F0} tokens/s wall, {tokens / cpuS:F0} per cpu-s, {tokens / 5} tokens per call");
        }
    }
}
