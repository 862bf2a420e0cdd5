using System.Diagnostics;
using Assay.Nano;

namespace Assay.Bench.Nano;

/// <summary>Sampling throughput with the KV cache: completion tokens per second, n samples per prompt in one batch.</summary>
internal static class SamplingBench
{
    public static double Run(NanoConfig config, int samplesPerPrompt, int threads)
    {
        NanoThreads.Count = threads;
        var model = NanoModel.Create(config, seed: 1);
        string[] prompts = ["12+34=", "reverse: hello", "7*8=", "max(3, 9, 4)="];
        // No end token: a random model would stop at random; every sample runs to the context.
        var request = new SamplingRequest { N = samplesPerPrompt, MaxTokens = config.Context, Temperature = 1, Seed = 1 };
        NanoSampler.Generate(model, prompts[0], request);
        long tokens = 0;
        var clock = Stopwatch.StartNew();
        int round = 0;
        while (clock.Elapsed.TotalSeconds < 2)
        {
            foreach (var sample in NanoSampler.Generate(model, prompts[round++ % prompts.Length], request with { Seed = round }))
                tokens += sample.CompletionTokens;
        }

        return tokens / clock.Elapsed.TotalSeconds;
    }
}
