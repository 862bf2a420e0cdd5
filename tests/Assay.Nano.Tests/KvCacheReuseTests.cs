namespace Assay.Nano.Tests;

/// <summary>Sampling reuses KV caches between generations (KvCachePool); a reused cache must not change any answer.</summary>
public sealed class KvCacheReuseTests
{
    [Fact]
    public void A_generation_after_training_reads_the_trained_weights_not_those_of_the_reused_cache()
    {
        var model = NanoModel.Create(NanoConfig.ForText(layers: 1, width: 16, heads: 2, context: 24), seed: 5);
        var request = new SamplingRequest { Temperature = 0, MaxTokens = 4, Logprobs = true, N = 3 };
        _ = NanoSampler.Generate(model, "2+3=", request); // leaves a cache in the pool, made with the untrained weights

        NanoTrainer.Train(model, [new("2+3=", "5")], TinyModels.Overfit(steps: 40));
        var sample = NanoSampler.Generate(model, "2+3=", request)[0];

        // A one-off forward pass with a fresh cache gives the trained model's first-token distribution.
        var fresh = NanoSampler.NextTokenProbabilities(model, "2+3=");
        var first = NanoTokenizer.IdOfToken(sample.Logprobs![0].Token)!.Value;
        Assert.Equal(Math.Log(fresh[first]), sample.Logprobs[0].Logprob, 4);
        Assert.Equal(fresh.Max(), fresh[first]);
    }

    [Fact]
    public void Reusing_a_larger_cache_gives_the_same_samples_as_a_new_one()
    {
        var model = NanoModel.Create(NanoConfig.ForText(layers: 1, width: 16, heads: 2, context: 24), seed: 6);
        var small = new SamplingRequest { Temperature = 1, Seed = 9, MaxTokens = 8, N = 2 };
        var first = NanoSampler.Generate(model, "abc", small);
        _ = NanoSampler.Generate(model, "a much longer prompt", small with { N = 16 });
        var again = NanoSampler.Generate(model, "abc", small);

        Assert.Equal(first.Select(s => s.Text), again.Select(s => s.Text));
    }
}
