namespace Assay.Nano.Tests;

public sealed class LengthBatchesTests
{
    [Fact]
    public void Each_window_sees_every_example_once_in_batches_of_similar_length()
    {
        var random = new Random(3);
        int[] lengths = Enumerable.Range(0, 64).Select(_ => random.Next(5, 60)).ToArray();
        var batches = new LengthBatches(lengths, batchSize: 8, window: 8, seed: 1);

        var epoch = Enumerable.Range(0, 8).Select(_ => batches.Next()).ToArray();

        Assert.All(epoch, batch => Assert.Equal(8, batch.Length));
        Assert.Equal(Enumerable.Range(0, 64), epoch.SelectMany(b => b).Order());
        // Sorted windows: the batches' length ranges do not overlap, so each is padded to little more than its own.
        var ranges = epoch.Select(b => (Min: b.Min(i => lengths[i]), Max: b.Max(i => lengths[i]))).OrderBy(r => r.Min).ToArray();
        for (int k = 1; k < ranges.Length; k++)
            Assert.True(ranges[k - 1].Max <= ranges[k].Min, $"batch ranges {ranges[k - 1]} and {ranges[k]} overlap");
        int padded = epoch.Sum(b => 8 * b.Max(i => lengths[i]));
        Assert.True(padded < 0.8 * 64 * lengths.Max(), $"{padded} padded tokens against {64 * lengths.Max()} without grouping");
    }

    [Fact]
    public void The_same_seed_gives_the_same_batches_and_another_seed_other_batches()
    {
        int[] lengths = Enumerable.Range(0, 50).Select(i => 3 + (i * 7 % 23)).ToArray();
        int[][] Draw(int seed)
        {
            var batches = new LengthBatches(lengths, batchSize: 4, window: 5, seed);
            return Enumerable.Range(0, 30).Select(_ => batches.Next()).ToArray();
        }

        Assert.Equal(Draw(9), Draw(9));
        Assert.NotEqual(Draw(9), Draw(10));
    }

    [Fact]
    public void Fewer_examples_than_a_batch_are_repeated_to_fill_it()
    {
        var batches = new LengthBatches([4, 9, 2], batchSize: 5, window: 2, seed: 0);

        var batch = batches.Next();

        Assert.Equal(5, batch.Length);
        Assert.All(batch, i => Assert.InRange(i, 0, 2));
    }

    [Fact]
    public void A_batch_run_at_its_own_length_has_the_loss_and_gradients_of_the_same_batch_padded_to_the_context()
    {
        var model = NanoModel.Create(TinyModels.Text(context: 24), seed: 4);
        var sequences = TinyModels.Arithmetic.Select((e, i) => TrainingSequence.FromExample(e, i, 24)).ToArray();
        int own = sequences.Max(s => s.Inputs.Length);
        var pass = new BatchPass(model, sequences.Length, 24);

        (float Loss, float[] Grads) Run(int time)
        {
            int n = sequences.Length * time;
            var inputs = new int[n];
            var targets = new int[n];
            var weights = new float[n];
            for (int row = 0; row < sequences.Length; row++)
            {
                sequences[row].Inputs.CopyTo(inputs, row * time);
                sequences[row].Targets.CopyTo(targets, row * time);
                sequences[row].Weights.CopyTo(weights, row * time);
            }

            var grads = new PinnedFloats(model.ParameterCount);
            float loss = pass.Forward(inputs, targets, weights);
            pass.Backward(grads);
            return (loss, grads.Span.ToArray());
        }

        var full = Run(24);
        var shortest = Run(own);

        Assert.Equal(own, pass.Time);
        Assert.Equal(full.Loss, shortest.Loss, 5);
        for (int i = 0; i < full.Grads.Length; i++)
            Assert.True(Math.Abs(full.Grads[i] - shortest.Grads[i]) <= 1e-5 + (1e-4 * Math.Abs(full.Grads[i])), $"gradient {i}: {full.Grads[i]} padded, {shortest.Grads[i]} unpadded");
    }

    [Fact]
    public void A_batch_longer_than_the_pass_was_built_for_is_refused()
    {
        var model = NanoModel.Create(TinyModels.Text(context: 24), seed: 4);
        var pass = new BatchPass(model, 2, 10);

        var error = Assert.Throws<ArgumentException>(() => pass.Forward(new int[22], new int[22], new float[22]));

        Assert.Contains("1 ≤ T ≤ 10", error.Message, StringComparison.Ordinal);
    }
}
