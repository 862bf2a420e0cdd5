namespace Assay.Nano;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr·(m̂/(√v̂ + ε) + λ·p), with
/// bias-corrected m̂, v̂ and the decay λ only on tensors that decay. g is the gradient times a clipping scale.
/// </summary>
internal sealed class AdamW
{
    private const float Epsilon = 1e-8f;
    private readonly float[] _m, _v;
    private readonly float[] _decay;
    private readonly float _beta1, _beta2;
    private int _t;

    public AdamW(NanoModel model, float beta1, float beta2, float weightDecay)
    {
        _m = new float[model.ParameterCount];
        _v = new float[model.ParameterCount];
        _decay = new float[model.ParameterCount];
        foreach (var tensor in model.Tensors)
            _decay.AsSpan(tensor.Offset, tensor.Length).Fill(tensor.Decays ? weightDecay : 0f);
        (_beta1, _beta2) = (beta1, beta2);
    }

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, float gradientScale)
    {
        _t++;
        float c1 = 1f / (1f - MathF.Pow(_beta1, _t));
        float c2 = 1f / (1f - MathF.Pow(_beta2, _t));
        // Element-wise, so order does not matter; one thread is plenty next to a forward/backward pass.
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradients[i] * gradientScale;
            float m = _m[i] = (_beta1 * _m[i]) + ((1 - _beta1) * g);
            float v = _v[i] = (_beta2 * _v[i]) + ((1 - _beta2) * g * g);
            parameters[i] -= learningRate * (((m * c1) / (MathF.Sqrt(v * c2) + Epsilon)) + (_decay[i] * parameters[i]));
        }
    }
}
