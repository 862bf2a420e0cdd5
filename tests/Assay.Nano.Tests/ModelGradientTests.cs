namespace Assay.Nano.Tests;

public sealed class ModelGradientTests
{
    [Fact]
    public void Whole_model_gradient_matches_finite_differences_for_every_tensor()
    {
        var config = new NanoConfig(Layers: 2, Width: 16, Heads: 2, Context: 8, Vocabulary: 11);
        var model = NanoModel.Create(config, seed: 3);
        // Larger weights than the GPT-2 init so every path carries a gradient well above fp32 noise.
        var random = new Random(5);
        for (int i = 0; i < model.Parameters.Length; i++)
            model.Parameters.Array[i] += (float)((random.NextDouble() * 2) - 1) * 0.3f;
        const int B = 2, T = 7;
        var inputs = new int[B * T];
        var targets = new int[B * T];
        var weights = new float[B * T];
        for (int i = 0; i < B * T; i++)
        {
            inputs[i] = random.Next(11);
            targets[i] = random.Next(11);
            weights[i] = i % 4 == 0 ? 0 : 1;
        }

        var pass = new BatchPass(model, B, T);
        var grads = new PinnedFloats(model.Parameters.Length);
        pass.Forward(inputs, targets, weights);
        pass.Backward(grads);

        double Loss() => pass.Forward(inputs, targets, weights);
        foreach (var tensor in model.Tensors)
        {
            FiniteDifference.Check(tensor.Name, model.Parameters, grads.Span, Loss,
                h: 1e-2f, tolerance: 3e-2, stride: Math.Max(1, tensor.Length / 40), offset: tensor.Offset, length: tensor.Length);
        }
    }
}
