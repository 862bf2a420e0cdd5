namespace Assay.Nano;

/// <summary>
/// A nano model: its config and its parameters, one flat fp32 array laid out as <see cref="Tensors"/> says.
/// Forward and backward passes live in BatchPass (training) and KvCache (sampling). Sampling reads the weights
/// only, so any number of threads may sample one model at once; training updates them in place, so nothing may
/// sample a model while it trains (train a <see cref="Clone"/> instead).
/// </summary>
public sealed class NanoModel
{
    internal NanoModel(NanoConfig config, PinnedFloats parameters)
    {
        Config = config;
        Layout = new ParameterLayout(config);
        if (parameters.Length != Layout.Count)
            throw new ArgumentException($"Expected {Layout.Count} parameters for {config}, got {parameters.Length}.", nameof(parameters));
        Parameters = parameters;
    }

    /// <summary>The model's shape.</summary>
    public NanoConfig Config { get; }

    /// <summary>Number of parameters (FLOPs are charged as 6·params·tokens to train, 2·params·tokens to sample).</summary>
    public long ParameterCount => Layout.Count;

    /// <summary>The named tensors, in checkpoint order.</summary>
    public IReadOnlyList<ParameterTensor> Tensors => Layout.Tensors;

    /// <summary>All parameters, flat, in <see cref="Tensors"/> order.</summary>
    public ReadOnlySpan<float> Weights => Parameters.Span;

    internal ParameterLayout Layout { get; }

    internal PinnedFloats Parameters { get; }

    /// <summary>
    /// A fresh model, initialised as GPT-2: weights ~ N(0, 0.02²), the two residual projections of each block scaled
    /// by 1/√(2·layers), biases 0, LayerNorm gains 1. The same seed gives the same weights.
    /// </summary>
    public static NanoModel Create(NanoConfig config, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var layout = new ParameterLayout(config);
        var parameters = new PinnedFloats(layout.Count);
        var random = new Random(seed);
        var span = parameters.Span;
        foreach (var tensor in layout.Tensors)
        {
            var t = span.Slice(tensor.Offset, tensor.Length);
            if (tensor.Name.EndsWith(".bias", StringComparison.Ordinal))
                t.Clear();
            else if (tensor.Name.Contains("ln_", StringComparison.Ordinal))
                t.Fill(1f);
            else
            {
                double std = tensor.Name.EndsWith("c_proj.weight", StringComparison.Ordinal) ? 0.02 / Math.Sqrt(2.0 * config.Layers) : 0.02;
                FillNormal(t, std, random);
            }
        }

        return new NanoModel(config, parameters);
    }

    /// <summary>An independent copy (same config, same weights).</summary>
    public NanoModel Clone()
    {
        var copy = new PinnedFloats(Parameters.Length);
        Parameters.Span.CopyTo(copy.Span);
        return new NanoModel(Config, copy);
    }

    // Box–Muller on a seeded System.Random: reproducible for a seed.
    private static void FillNormal(Span<float> values, double std, Random random)
    {
        for (int i = 0; i < values.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            double r = std * Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length)
                values[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
    }
}
