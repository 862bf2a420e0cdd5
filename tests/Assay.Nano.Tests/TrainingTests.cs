namespace Assay.Nano.Tests;

public sealed class TrainingTests
{
    [Fact]
    public void Overfitting_one_batch_drives_the_loss_near_zero_and_greedy_sampling_recites_the_answers()
    {
        var model = NanoModel.Create(TinyModels.Text(), seed: 1);
        var losses = new List<float>();

        var result = NanoTrainer.Train(model, TinyModels.Arithmetic, TinyModels.Overfit(), p => losses.Add(p.Loss));

        Assert.Equal(150, losses.Count);
        Assert.True(losses[0] > 2, $"first loss {losses[0]}");
        Assert.True(result.FinalLoss < 0.05, $"final loss {result.FinalLoss}");
        foreach (var example in TinyModels.Arithmetic)
        {
            var sample = NanoSampler.Generate(model, example.Prompt, new SamplingRequest { Temperature = 0, MaxTokens = 20 })[0];
            Assert.Equal(example.Answer, sample.Text);
            Assert.Equal(FinishReason.Stop, sample.FinishReason);
        }
    }

    [Fact]
    public void Training_twice_with_the_same_seed_gives_byte_identical_weights_on_any_thread_count()
    {
        byte[] Train(int threads, int seed)
        {
            int saved = NanoThreads.Count;
            try
            {
                NanoThreads.Count = threads;
                var model = NanoModel.Create(TinyModels.Text(), seed: 2);
                NanoTrainer.Train(model, TinyModels.Arithmetic, TinyModels.Overfit(steps: 12) with { BatchSize = 3, Seed = seed });
                return System.Runtime.InteropServices.MemoryMarshal.AsBytes(model.Weights).ToArray();
            }
            finally
            {
                NanoThreads.Count = saved;
            }
        }

        byte[] first = Train(threads: 2, seed: 5);
        Assert.Equal(first, Train(threads: 2, seed: 5));
        Assert.Equal(first, Train(threads: 1, seed: 5));
        Assert.NotEqual(first, Train(threads: 2, seed: 6));
    }

    [Fact]
    public void Only_answer_and_end_tokens_carry_loss()
    {
        var sequence = TrainingSequence.FromExample(new TrainingExample("ab", "cd", Weight: 0.5f), 0, 16);

        // tokens: <|user|> a b <|assistant|> c d <|end|>; targets are tokens[1..]
        Assert.Equal([NanoTokenizer.User, .. NanoTokenizer.Encode("ab"), NanoTokenizer.Assistant, .. NanoTokenizer.Encode("cd")], sequence.Inputs);
        Assert.Equal([.. NanoTokenizer.Encode("ab"), NanoTokenizer.Assistant, .. NanoTokenizer.Encode("cd"), NanoTokenizer.End], sequence.Targets);
        Assert.Equal([0f, 0f, 0f, 0.5f, 0.5f, 0.5f], sequence.Weights);
    }

    [Fact]
    public void An_example_longer_than_the_context_is_refused_by_its_index()
    {
        var model = NanoModel.Create(TinyModels.Text(context: 8), seed: 1);
        TrainingExample[] examples = [new("1+1=", "2"), new("a long prompt", "and a long answer")];

        var error = Assert.Throws<ArgumentException>(() => NanoTrainer.Train(model, examples, TinyModels.Overfit(steps: 1)));

        Assert.Contains("Training example 1 is 33 tokens long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancelling_stops_training_between_steps()
    {
        var model = NanoModel.Create(TinyModels.Text(), seed: 1);
        using var cancel = new CancellationTokenSource();
        int steps = 0;

        Assert.Throws<OperationCanceledException>(() => NanoTrainer.Train(model, TinyModels.Arithmetic, TinyModels.Overfit(), p =>
        {
            steps = p.Step;
            if (p.Step == 3)
                cancel.Cancel();
        }, cancel.Token));
        Assert.Equal(3, steps);
    }

    [Fact]
    public void Learning_rate_warms_up_linearly_then_follows_a_cosine_to_the_floor()
    {
        var schedule = new LearningRateSchedule(Peak: 1f, WarmupSteps: 4, TotalSteps: 15, MinRatio: 0.1f);

        Assert.Equal(0.25f, schedule.At(0), 6);
        Assert.Equal(1f, schedule.At(3), 6);
        Assert.Equal(1f, schedule.At(4), 6);
        Assert.Equal(0.55f, schedule.At(9), 5); // half way down the cosine: (1 + 0.1) / 2
        Assert.Equal(0.1f, schedule.At(14), 6);
        Assert.True(schedule.At(6) > schedule.At(7));
    }

    [Fact]
    public void Weight_decay_shrinks_matmul_weights_and_embeddings_but_not_norms_or_biases()
    {
        var model = NanoModel.Create(TinyModels.Text(), seed: 1);
        var before = model.Weights.ToArray();
        var optimizer = new AdamW(model, 0.9f, 0.95f, weightDecay: 0.5f);

        optimizer.Step(model.Parameters.Span, new float[model.ParameterCount], learningRate: 0.1f, gradientScale: 1f);

        foreach (var tensor in model.Tensors)
        {
            int i = tensor.Offset;
            float expected = tensor.Decays ? before[i] * (1 - (0.1f * 0.5f)) : before[i];
            Assert.Equal(expected, model.Weights[i], 6);
        }
    }

    [Fact]
    public void Global_gradient_norm_is_the_euclidean_norm_including_the_tail()
    {
        var grads = Enumerable.Range(0, 37).Select(i => (float)(i - 18) / 7).ToArray();
        double expected = Math.Sqrt(grads.Sum(g => (double)g * g));

        Assert.Equal(expected, NanoTrainer.GlobalNorm(grads), 5);
    }
}
