namespace Assay.Nano.Tests;

public sealed class SamplingTests
{
    // Random weights with a larger spread than GPT-2's init, so the distributions are far from uniform.
    private static readonly NanoModel s_model = Sharpened(NanoModel.Create(TinyModels.Text(), seed: 21));

    [Fact]
    public void Sampling_with_a_seed_is_reproducible_and_another_seed_differs()
    {
        var request = new SamplingRequest { N = 3, MaxTokens = 12, Seed = 42 };

        var first = NanoSampler.Generate(s_model, "12+30=", request).Select(s => s.Text).ToList();
        var again = NanoSampler.Generate(s_model, "12+30=", request).Select(s => s.Text).ToList();
        var other = NanoSampler.Generate(s_model, "12+30=", request with { Seed = 43 }).Select(s => s.Text).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(3, first.Distinct().Count());
    }

    [Fact]
    public void Sample_i_of_a_batch_equals_the_same_sample_drawn_alone()
    {
        var batch = NanoSampler.Generate(s_model, "x", new SamplingRequest { N = 4, MaxTokens = 10, Seed = 7 });
        var alone = NanoSampler.Generate(s_model, "x", new SamplingRequest { N = 1, MaxTokens = 10, Seed = 7 });

        Assert.Equal(alone[0].TokenIds, batch[0].TokenIds);
        Assert.All(batch, s => Assert.Equal(3, s.PromptTokens));
    }

    [Fact]
    public void Temperature_zero_picks_the_most_likely_token_every_time()
    {
        var sample = NanoSampler.Generate(s_model, "hi", new SamplingRequest { Temperature = 0, MaxTokens = 8 })[0];

        var prefix = NanoTokenizer.EncodeChat("hi").ToList();
        foreach (int token in sample.TokenIds)
        {
            var probs = NanoSampler.NextTokenProbabilities(s_model, prefix);
            Assert.Equal(Array.IndexOf(probs, probs.Max()), token);
            prefix.Add(token);
        }
    }

    [Fact]
    public void Top_k_keeps_sampled_tokens_among_the_k_most_likely()
    {
        var samples = NanoSampler.Generate(s_model, "q", new SamplingRequest { N = 8, MaxTokens = 6, TopK = 2, Seed = 3, Temperature = 2 });
        var unrestricted = NanoSampler.Generate(s_model, "q", new SamplingRequest { N = 8, MaxTokens = 6, Seed = 3, Temperature = 2 });

        foreach (var sample in samples)
            AssertEachTokenAmong(sample, (probs, token) => probs.Count(p => p > probs[token]) < 2);
        Assert.Contains(unrestricted, s => !EachTokenAmong(s, (probs, token) => probs.Count(p => p > probs[token]) < 2));
    }

    [Fact]
    public void Top_p_keeps_sampled_tokens_inside_the_nucleus()
    {
        var samples = NanoSampler.Generate(s_model, "q", new SamplingRequest { N = 8, MaxTokens = 6, TopP = 0.3f, Seed = 4 });

        // A token is in the nucleus when the tokens more likely than it hold less than p together.
        foreach (var sample in samples)
            AssertEachTokenAmong(sample, (probs, token) => probs.Where(p => p > probs[token]).Sum() < 0.3f);
    }

    [Fact]
    public void A_stop_string_ends_the_sample_and_is_cut_from_the_text()
    {
        var free = NanoSampler.Generate(s_model, "go", new SamplingRequest { Temperature = 0, MaxTokens = 20 })[0];
        Assert.True(free.Text.Length >= 8, $"greedy text '{free.Text}' is too short to test stop strings");
        string stop = free.Text.Substring(5, 2);

        var stopped = NanoSampler.Generate(s_model, "go", new SamplingRequest { Temperature = 0, MaxTokens = 20, Stop = ["\u0001never", stop] })[0];

        Assert.Equal(free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)], stopped.Text);
        Assert.Equal(FinishReason.Stop, stopped.FinishReason);
        Assert.True(stopped.CompletionTokens < free.CompletionTokens);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Streamed_deltas_arrive_token_by_token_and_add_up_to_each_final_sample(bool withStop)
    {
        var free = NanoSampler.Generate(s_model, "go", new SamplingRequest { Temperature = 0, MaxTokens = 20 })[0];
        var stops = withStop ? new[] { "\u0001never", free.Text.Substring(5, 2) } : [];
        var request = new SamplingRequest { N = 3, MaxTokens = 20, Seed = 9, Logprobs = true, TopLogprobs = 2, Stop = stops };
        var deltas = new List<SampleDelta>();

        var samples = NanoSampler.Generate(s_model, "go", request, deltas.Add);

        Assert.Equal(NanoSampler.Generate(s_model, "go", request).Select(x => x.TokenIds), samples.Select(x => x.TokenIds));
        for (int i = 0; i < samples.Count; i++)
        {
            var mine = deltas.Where(d => d.Index == i).ToList();
            Assert.Equal(samples[i].Text, string.Concat(mine.Select(d => d.Text)));
            Assert.Equal(samples[i].Logprobs!.Select(l => l.Token), mine.SelectMany(d => d.Logprobs!).Select(l => l.Token));
            Assert.Equal(samples[i].FinishReason, mine[^1].Finish);
            Assert.All(mine[..^1], d => Assert.Null(d.Finish));
            if (!withStop)
                Assert.True(mine.Count >= samples[i].Text.Length, $"sample {i}: {mine.Count} deltas for '{samples[i].Text}'");
        }

        // Samples are generated together, so their deltas interleave rather than arriving one sample after another.
        Assert.NotEqual(deltas.OrderBy(d => d.Index).ToList(), deltas);
    }

    [Fact]
    public void Token_limit_ends_the_sample_with_finish_reason_length()
    {
        var sample = NanoSampler.Generate(s_model, "go", new SamplingRequest { Temperature = 0, MaxTokens = 5 })[0];

        Assert.Equal(5, sample.CompletionTokens);
        Assert.Equal(FinishReason.Length, sample.FinishReason);
    }

    [Fact]
    public void Logprobs_agree_with_the_full_distribution()
    {
        var sample = NanoSampler.Generate(s_model, "abc", new SamplingRequest { MaxTokens = 6, Seed = 5, Logprobs = true, TopLogprobs = 4 })[0];

        Assert.NotNull(sample.Logprobs);
        var prefix = NanoTokenizer.EncodeChat("abc").ToList();
        for (int i = 0; i < sample.TokenIds.Count; i++)
        {
            int token = sample.TokenIds[i];
            var probs = NanoSampler.NextTokenProbabilities(s_model, prefix);
            var logprob = sample.Logprobs[i];
            Assert.Equal(1.0, probs.Sum(p => (double)p), 5);
            Assert.Equal(Math.Log(probs[token]), logprob.Logprob, 4);
            Assert.Equal(NanoTokenizer.TokenText(token), logprob.Token);
            Assert.Equal(4, logprob.Top.Count);
            Assert.Equal(Math.Log(probs.Max()), logprob.Top[0].Logprob, 4);
            Assert.True(logprob.Top.Zip(logprob.Top.Skip(1)).All(p => p.First.Logprob >= p.Second.Logprob));
            prefix.Add(token);
        }
    }

    [Fact]
    public void Kv_cache_generation_matches_the_full_forward_pass()
    {
        var tokens = NanoTokenizer.EncodeChat("the cache must agree");
        var pass = new BatchPass(s_model, 1, tokens.Length);
        pass.Forward(tokens, [], []);
        var cache = new KvCache(s_model, 2, tokens.Length);
        var logits = new float[tokens.Length * s_model.Config.Vocabulary];
        int v = s_model.Config.Vocabulary;

        // Slot 1: five tokens at once, then the rest one by one.
        cache.Forward(new int[5].Select(_ => 1).ToArray(), [0, 1, 2, 3, 4], tokens.AsSpan(0, 5), logits);
        var incremental = new List<float[]>();
        for (int i = 0; i < 5; i++)
            incremental.Add(logits.AsSpan(i * v, v).ToArray());
        for (int t = 5; t < tokens.Length; t++)
        {
            cache.Forward([1], [t], [tokens[t]], logits);
            incremental.Add(logits.AsSpan(0, v).ToArray());
        }

        for (int t = 0; t < tokens.Length; t++)
        {
            var full = pass.Logits(t).ToArray();
            for (int j = 0; j < v; j++)
                Assert.True(Math.Abs(full[j] - incremental[t][j]) < 1e-4, $"t={t} j={j}: {full[j]} vs {incremental[t][j]}");
        }
    }

    [Fact]
    public async Task Concurrent_samplers_on_one_model_give_the_same_samples_as_one_at_a_time()
    {
        var request = new SamplingRequest { N = 2, MaxTokens = 10, Seed = 8 };
        var alone = NanoSampler.Generate(s_model, "same", request).Select(s => s.Text).ToList();

        var together = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => NanoSampler.Generate(s_model, "same", request))));

        Assert.All(together, samples => Assert.Equal(alone, samples.Select(s => s.Text)));
    }

    [Fact]
    public void Prompt_that_fills_the_context_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => NanoSampler.Generate(s_model, new string('a', 60), new SamplingRequest()));

        Assert.Contains("62 tokens long; the model's context is 48", error.Message, StringComparison.Ordinal);
    }

    private static void AssertEachTokenAmong(SampleResult sample, Func<float[], int, bool> allowed) =>
        Assert.True(EachTokenAmong(sample, allowed), $"a token of '{sample.Text}' is outside the allowed set");

    private static bool EachTokenAmong(SampleResult sample, Func<float[], int, bool> allowed)
    {
        var prefix = NanoTokenizer.EncodeChat("q").ToList();
        foreach (int token in sample.TokenIds)
        {
            if (!allowed(NanoSampler.NextTokenProbabilities(s_model, prefix), token))
                return false;
            prefix.Add(token);
        }

        return true;
    }

    private static NanoModel Sharpened(NanoModel model)
    {
        var span = model.Parameters.Span;
        for (int i = 0; i < span.Length; i++)
            span[i] *= 6;
        return model;
    }
}
