namespace Assay.Nano.Tests;

public sealed class GrpoTests
{
    [Fact]
    public void Group_advantages_are_rewards_minus_the_group_mean_over_the_population_std()
    {
        // mean 0.25, std √(0.25·0.75) = 0.4330127.
        var advantages = GroupAdvantages.Normalise([1, 0, 0, 0]);
        Assert.Equal([1.7320508, -0.5773503, -0.5773503, -0.5773503], advantages.Select(a => Math.Round(a, 7)));
        Assert.Equal([0.5 / 0.5, -0.5 / 0.5], GroupAdvantages.Normalise([1, 0]));
    }

    [Fact]
    public void A_group_with_equal_rewards_has_no_advantage()
    {
        Assert.All(GroupAdvantages.Normalise([1, 1, 1]), a => Assert.Equal(0, a));
        Assert.All(GroupAdvantages.Normalise([0, 0, 0, 0]), a => Assert.Equal(0, a));
    }

    [Theory]
    // advantage, ratio r = π/π_old, expected loss −min(r·Â, clip(r, 0.8, 1.2)·Â), expected ∂loss/∂log π.
    [InlineData(1.0, 1.5, -1.2, 0.0)]   // improving beyond 1 + ε: clipped, no gradient
    [InlineData(1.0, 0.5, -0.5, -0.5)]  // below 1 − ε with a positive advantage: the unclipped term is the minimum
    [InlineData(1.0, 1.1, -1.1, -1.1)]  // inside the trust region
    [InlineData(-1.0, 1.5, 1.5, 1.5)]   // a bad sample made likelier: never clipped, pushed down with gradient r·|Â|
    [InlineData(-1.0, 0.5, 0.8, 0.0)]   // a bad sample already pushed below 1 − ε: clipped
    [InlineData(-2.0, 0.9, 1.8, 1.8)]
    public void Clipped_surrogate_matches_hand_computed_values(double advantage, double ratio, double loss, double gradient)
    {
        var objective = new GrpoObjective(ClipEpsilon: 0.2, KlCoefficient: 0);
        double logpOld = Math.Log(0.3);
        var (l, g) = objective.Token(logpOld + Math.Log(ratio), logpOld, logpRef: 0, advantage);
        Assert.Equal(loss, l, 9);
        Assert.Equal(gradient, g, 9);
    }

    [Fact]
    public void Kl_penalty_is_the_k3_estimator_with_its_hand_computed_gradient()
    {
        // π = 0.5, π_ref = 0.25: D = 0.5 − ln 0.5 − 1 = 0.1931472, ∂D/∂log π = 1 − π_ref/π = 0.5.
        var objective = new GrpoObjective(ClipEpsilon: 0.2, KlCoefficient: 0.1);
        var (loss, gradient) = objective.Token(Math.Log(0.5), Math.Log(0.5), Math.Log(0.25), advantage: 0);
        Assert.Equal(0.1 * 0.1931472, loss, 7);
        Assert.Equal(0.1 * 0.5, gradient, 9);
        Assert.Equal((0.0, 0.0), objective.Token(Math.Log(0.4), Math.Log(0.4), Math.Log(0.4), advantage: 0));
    }

    [Theory]
    [InlineData(0.0)]   // the KL term alone
    [InlineData(1.0)]   // clipped surrogate and KL together
    public void Grpo_gradient_of_the_whole_model_matches_finite_differences(double advantageScale)
    {
        var model = NanoModel.Create(TinyModels.Text(context: 24), seed: 5);
        var random = new Random(9);
        for (int i = 0; i < model.Parameters.Length; i++)
            model.Parameters.Array[i] += (float)((random.NextDouble() * 2) - 1) * 0.2f;
        var reference = NanoModel.Create(model.Config, seed: 6);
        var sequences = new[] { ("2+3=", "5"), ("7*6=", "42"), ("1+1=", "3") }
            .Select((p, i) => TrainingSequence.FromExample(new TrainingExample(p.Item1, p.Item2), i, model.Config.Context)).ToArray();
        // π_old away from π_θ by fixed log offsets, so some ratios sit beyond 1 ± ε (clipped) and some inside.
        float[] offsets = [-0.4f, -0.05f, 0.05f, 0.4f];
        var old = sequences.Select(s => PolicyGradientStep.TargetLogprobs(model, s).Select((l, t) => l + offsets[t % 4]).ToArray()).ToArray();
        var refs = sequences.Select(s => PolicyGradientStep.TargetLogprobs(reference, s)).ToArray();
        double[] advantages = [1.2 * advantageScale, -0.7 * advantageScale, -0.5 * advantageScale];
        var step = new PolicyGradientStep(new GrpoObjective(0.2, KlCoefficient: 0.5), sequences, advantages, old, refs);

        int time = sequences.Max(s => s.Inputs.Length);
        int[] batch = [0, 1, 2];
        var inputs = new int[3 * time];
        var targets = new int[3 * time];
        var mask = new float[3 * time];
        Array.Fill(inputs, NanoTokenizer.Pad);
        Array.Fill(targets, NanoTokenizer.Pad);
        for (int row = 0; row < 3; row++)
        {
            sequences[row].Inputs.CopyTo(inputs, row * time);
            sequences[row].Targets.CopyTo(targets, row * time);
            sequences[row].Weights.CopyTo(mask, row * time);
        }

        var pass = new BatchPass(model, 3, time);
        double Loss()
        {
            pass.Forward(inputs, targets, mask);
            return step.Apply(pass, batch, time);
        }

        Loss();
        var grads = new PinnedFloats(model.Parameters.Length);
        pass.Backward(grads);
        foreach (var tensor in model.Tensors.Where(t => t.Name is "wte" or "h.1.mlp.c_fc.weight" or "h.0.attn.c_attn.weight" or "ln_f.weight"))
        {
            FiniteDifference.Check(tensor.Name, model.Parameters, grads.Span, Loss,
                h: 1e-2f, tolerance: 3e-2, stride: Math.Max(1, tensor.Length / 30), offset: tensor.Offset, length: tensor.Length);
        }
    }

    [Fact]
    public void Grpo_steps_make_the_rewarded_answer_likelier_and_the_penalised_one_less_likely()
    {
        var model = NanoModel.Create(TinyModels.Text(), seed: 2);
        NanoTrainer.Train(model, [new("2+3=", "5"), new("2+3=", "6")], TinyModels.Overfit(steps: 60));
        double Good() => NanoSampler.NextTokenProbabilities(model, "2+3=")[NanoTokenizer.Encode("5")[0]];
        double Bad() => NanoSampler.NextTokenProbabilities(model, "2+3=")[NanoTokenizer.Encode("6")[0]];
        double good = Good(), bad = Bad();
        var advantages = GroupAdvantages.Normalise([1, 0, 0, 1]);
        PolicyExample[] group = [new("2+3=", "5", advantages[0]), new("2+3=", "6", advantages[1]), new("2+3=", "6", advantages[2]), new("2+3=", "5", advantages[3])];
        var result = NanoTrainer.TrainPolicy(model, group, new GrpoObjective(KlCoefficient: 0), TinyModels.Overfit(steps: 20) with { WarmupSteps = 0, LearningRate = 3e-3f });
        Assert.True(Good() > good && Bad() < bad, $"p(5) {good:F3} → {Good():F3}, p(6) {bad:F3} → {Bad():F3}");
        Assert.Equal(group.Length * NanoTokenizer.EncodeChat("2+3=").Length + (group.Length * 1), result.ForwardTokens);
    }
}
