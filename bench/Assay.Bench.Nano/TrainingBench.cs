using System.Diagnostics;
using Assay.Nano;

namespace Assay.Bench.Nano;

/// <summary>Training throughput: forward, backward, clipping and AdamW on random tokens, as NanoTrainer runs them.</summary>
internal static class TrainingBench
{
    public static (double TokensPerSecond, double GflopsPerSecond, float Loss, double TokensPerCpuSecond) Run(NanoConfig config, int batch, int steps, int threads)
    {
        NanoThreads.Count = threads;
        var model = NanoModel.Create(config, seed: 1);
        int n = batch * config.Context;
        var random = new Random(1);
        var inputs = new int[n];
        var targets = new int[n];
        for (int i = 0; i < n; i++)
        {
            inputs[i] = random.Next(config.Vocabulary);
            targets[i] = random.Next(config.Vocabulary);
        }

        var weights = Enumerable.Repeat(1f, n).ToArray();
        var pass = new BatchPass(model, batch, config.Context);
        var grads = new PinnedFloats(model.ParameterCount);
        var optimizer = new AdamW(model, 0.9f, 0.95f, 0.1f);
        float loss = 0;
        void Step()
        {
            loss = pass.Forward(inputs, targets, weights);
            grads.Span.Clear();
            pass.Backward(grads);
            float norm = NanoTrainer.GlobalNorm(grads.Span);
            optimizer.Step(model.Parameters.Span, grads.Span, 1e-3f, norm > 1 ? 1 / norm : 1);
        }

        for (int i = 0; i < 3; i++)
            Step();
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (int i = 0; i < steps; i++)
            Step();
        double seconds = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        double tokens = (double)n * steps;
        return (tokens / seconds, 6.0 * model.ParameterCount * tokens / seconds / 1e9, loss, tokens / cpuSeconds);
    }
}
