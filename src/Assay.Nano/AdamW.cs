using System.Runtime.Intrinsics;

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

    public unsafe void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, float gradientScale)
    {
        _t++;
        float c1 = 1f / (1f - MathF.Pow(_beta1, _t));
        float c2 = 1f / (1f - MathF.Pow(_beta2, _t));
        float b1 = _beta1, b2 = _beta2;
        int count = parameters.Length;
        // Element-wise, so splitting the range over threads cannot change a result.
        fixed (float* pp = parameters, pg = gradients, pm = _m, pv = _v, pd = _decay)
        {
            nint np = (nint)pp, ng = (nint)pg, nm = (nint)pm, nv = (nint)pv, nd = (nint)pd;
            NanoThreads.For(count, 1 << 16, (start, end) =>
            {
                float* p = (float*)np, g = (float*)ng, m = (float*)nm, v = (float*)nv, d = (float*)nd;
                int i = start;
                if (Vector512.IsHardwareAccelerated)
                {
                    var vb1 = Vector512.Create(b1);
                    var vb2 = Vector512.Create(b2);
                    var va1 = Vector512.Create(1 - b1);
                    var va2 = Vector512.Create(1 - b2);
                    var vc1 = Vector512.Create(c1);
                    var vc2 = Vector512.Create(c2);
                    var vs = Vector512.Create(gradientScale);
                    var vlr = Vector512.Create(learningRate);
                    var eps = Vector512.Create(Epsilon);
                    for (; i + 16 <= end; i += 16)
                    {
                        var gi = Vector512.Load(g + i) * vs;
                        var mi = (vb1 * Vector512.Load(m + i)) + (va1 * gi);
                        var vi = (vb2 * Vector512.Load(v + i)) + (va2 * gi * gi);
                        mi.Store(m + i);
                        vi.Store(v + i);
                        var pi = Vector512.Load(p + i);
                        var update = ((mi * vc1) / (Vector512.Sqrt(vi * vc2) + eps)) + (Vector512.Load(d + i) * pi);
                        (pi - (vlr * update)).Store(p + i);
                    }
                }

                for (; i < end; i++)
                {
                    float gi = g[i] * gradientScale;
                    float mi = m[i] = (b1 * m[i]) + ((1 - b1) * gi);
                    float vi = v[i] = (b2 * v[i]) + ((1 - b2) * gi * gi);
                    p[i] -= learningRate * (((mi * c1) / (MathF.Sqrt(vi * c2) + Epsilon)) + (d[i] * p[i]));
                }
            });
        }
    }
}
