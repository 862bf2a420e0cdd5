using System.Numerics.Tensors;

namespace Assay.Nano.Kernels;

/// <summary>
/// Causal multi-head self-attention over qkv[B,T,3C] (q, k, v side by side, head h at columns h·hs): for each
/// head, att[t,t2] = softmax_t2≤t(q_t·k_t2 / √hs) and out[t] = Σ_t2 att[t,t2]·v_t2, written to out[B,T,C].
/// </summary>
internal static unsafe class Attention
{
    /// <summary>Forward; keeps att[B,H,T,T] (only t2 ≤ t is written) for the backward pass.</summary>
    public static void Forward(float* output, float* att, float* qkv, int batch, int time, int width, int heads)
    {
        nint po = (nint)output, pa = (nint)att, pq = (nint)qkv;
        int hs = width / heads;
        float scale = 1f / MathF.Sqrt(hs);
        NanoThreads.For(batch * heads, 1, (start, end) =>
        {
            for (int bh = start; bh < end; bh++)
            {
                int b = bh / heads, h = bh % heads;
                float* q0 = (float*)pq + ((long)b * time * 3 * width) + (h * hs);
                for (int t = 0; t < time; t++)
                {
                    var q = new ReadOnlySpan<float>(q0 + ((long)t * 3 * width), hs);
                    var row = new Span<float>((float*)pa + ((((long)bh * time) + t) * time), t + 1);
                    for (int t2 = 0; t2 <= t; t2++)
                        row[t2] = TensorPrimitives.Dot(q, new ReadOnlySpan<float>(q0 + ((long)t2 * 3 * width) + width, hs)) * scale;
                    Softmax(row);
                    var o = new Span<float>((float*)po + ((((long)b * time) + t) * width) + (h * hs), hs);
                    o.Clear();
                    for (int t2 = 0; t2 <= t; t2++)
                        TensorPrimitives.FusedMultiplyAdd(new ReadOnlySpan<float>(q0 + ((long)t2 * 3 * width) + (2 * width), hs), row[t2], o, o);
                }
            }
        });
    }

    /// <summary>
    /// Backward: datt[t2] = dout_t·v_t2, dv_t2 += att·dout_t, dpre = att ⊙ (datt − Σ att·datt),
    /// dq_t += dpre·k_t2/√hs, dk_t2 += dpre·q_t/√hs. dqkv is overwritten.
    /// </summary>
    public static void Backward(float* dQkv, float* dOutput, float* qkv, float* att, int batch, int time, int width, int heads)
    {
        nint pdq = (nint)dQkv, pdo = (nint)dOutput, pq = (nint)qkv, pa = (nint)att;
        int hs = width / heads;
        float scale = 1f / MathF.Sqrt(hs);
        NanoThreads.For(batch * heads, 1, (start, end) =>
        {
            var datt = new float[time];
            for (int bh = start; bh < end; bh++)
            {
                int b = bh / heads, h = bh % heads;
                long rowStride = 3L * width;
                float* q0 = (float*)pq + ((long)b * time * rowStride) + (h * hs);
                float* d0 = (float*)pdq + ((long)b * time * rowStride) + (h * hs);
                for (int t = 0; t < time; t++)
                {
                    new Span<float>(d0 + (t * rowStride), hs).Clear();
                    new Span<float>(d0 + (t * rowStride) + width, hs).Clear();
                    new Span<float>(d0 + (t * rowStride) + (2 * width), hs).Clear();
                }

                for (int t = 0; t < time; t++)
                {
                    var row = new ReadOnlySpan<float>((float*)pa + ((((long)bh * time) + t) * time), t + 1);
                    var dout = new ReadOnlySpan<float>((float*)pdo + ((((long)b * time) + t) * width) + (h * hs), hs);
                    var d = datt.AsSpan(0, t + 1);
                    for (int t2 = 0; t2 <= t; t2++)
                    {
                        d[t2] = TensorPrimitives.Dot(dout, new ReadOnlySpan<float>(q0 + (t2 * rowStride) + (2 * width), hs));
                        var dv = new Span<float>(d0 + (t2 * rowStride) + (2 * width), hs);
                        TensorPrimitives.FusedMultiplyAdd(dout, row[t2], dv, dv);
                    }

                    float weighted = TensorPrimitives.Dot(row, d);
                    var q = new ReadOnlySpan<float>(q0 + (t * rowStride), hs);
                    var dq = new Span<float>(d0 + (t * rowStride), hs);
                    for (int t2 = 0; t2 <= t; t2++)
                    {
                        float dpre = row[t2] * (d[t2] - weighted) * scale;
                        TensorPrimitives.FusedMultiplyAdd(new ReadOnlySpan<float>(q0 + (t2 * rowStride) + width, hs), dpre, dq, dq);
                        var dk = new Span<float>(d0 + (t2 * rowStride) + width, hs);
                        TensorPrimitives.FusedMultiplyAdd(q, dpre, dk, dk);
                    }
                }
            }
        });
    }

    /// <summary>In-place softmax of one row, max-subtracted.</summary>
    public static void Softmax(Span<float> row)
    {
        float max = TensorPrimitives.Max(row);
        TensorPrimitives.Subtract(row, max, row);
        TensorPrimitives.Exp(row, row);
        float sum = TensorPrimitives.Sum(row);
        TensorPrimitives.Multiply(row, 1f / sum, row);
    }
}
