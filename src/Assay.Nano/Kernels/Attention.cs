using System.Numerics.Tensors;

namespace Assay.Nano.Kernels;

/// <summary>
/// Causal multi-head self-attention over qkv[B,T,3C] (q, k, v side by side, head h at columns h·hs): per head,
/// P = softmax(mask(Q·Kᵀ/√hs)) and out = P·V, written to out[B,T,C]. Each (batch, head) is a few small matrix
/// products on the GEMM kernel; the masked upper triangle of P holds zeros.
/// </summary>
internal static unsafe class Attention
{
    /// <summary>Forward; keeps P in att[B,H,T,T] for the backward pass.</summary>
    public static void Forward(float* output, float* att, float* qkv, int batch, int time, int width, int heads)
    {
        nint po = (nint)output, pa = (nint)att, pq = (nint)qkv;
        int hs = width / heads, row = 3 * width;
        float scale = 1f / MathF.Sqrt(hs);
        NanoThreads.For(batch * heads, 1, (start, end) =>
        {
            var transposed = new float[hs * time];
            fixed (float* kt = transposed)
            {
                for (int bh = start; bh < end; bh++)
                {
                    int b = bh / heads, h = bh % heads;
                    float* q = (float*)pq + ((long)b * time * row) + (h * hs);
                    float* p = (float*)pa + ((long)bh * time * time);
                    // S[T,T] = Q[T,hs] · Kᵀ[hs,T]
                    Linear.Transpose(q + width, kt, time, hs, row);
                    Gemm.Multiply(q, row, 1, kt, time, p, time, time, hs, time, accumulate: false, parallel: false);
                    for (int t = 0; t < time; t++)
                    {
                        // Masked scores are −∞, so the whole row runs on full vectors and they come out as 0.
                        float* s = p + ((long)t * time);
                        new Span<float>(s + t + 1, time - t - 1).Fill(float.NegativeInfinity);
                        VectorRow.Softmax(s, time, scale);
                    }

                    // out[T,hs] = P[T,T] · V[T,hs]
                    float* o = (float*)po + ((long)b * time * width) + (h * hs);
                    Gemm.Multiply(p, time, 1, q + (2 * width), row, o, width, time, time, hs, accumulate: false, parallel: false);
                }
            }
        });
    }

    /// <summary>
    /// Backward: dP = dO·Vᵀ, dV = Pᵀ·dO, dS = P ⊙ (dP − rowsum(P ⊙ dP))/√hs, dQ = dS·K, dK = dSᵀ·Q.
    /// dqkv is overwritten.
    /// </summary>
    public static void Backward(float* dQkv, float* dOutput, float* qkv, float* att, int batch, int time, int width, int heads)
    {
        nint pdq = (nint)dQkv, pdo = (nint)dOutput, pq = (nint)qkv, pa = (nint)att;
        int hs = width / heads, row = 3 * width;
        float scale = 1f / MathF.Sqrt(hs);
        NanoThreads.For(batch * heads, 1, (start, end) =>
        {
            var transposed = new float[hs * time];
            var scores = new float[time * time];
            fixed (float* vt = transposed, ds = scores)
            {
                for (int bh = start; bh < end; bh++)
                {
                    int b = bh / heads, h = bh % heads;
                    float* q = (float*)pq + ((long)b * time * row) + (h * hs);
                    float* dq = (float*)pdq + ((long)b * time * row) + (h * hs);
                    float* dout = (float*)pdo + ((long)b * time * width) + (h * hs);
                    float* p = (float*)pa + ((long)bh * time * time);
                    // dP[T,T] = dO[T,hs] · Vᵀ[hs,T]
                    Linear.Transpose(q + (2 * width), vt, time, hs, row);
                    Gemm.Multiply(dout, width, 1, vt, time, ds, time, time, hs, time, accumulate: false, parallel: false);
                    // dV[T,hs] = Pᵀ · dO
                    Gemm.Multiply(p, 1, time, dout, width, dq + (2 * width), row, time, time, hs, accumulate: false, parallel: false);
                    for (int t = 0; t < time; t++)
                    {
                        float* pr = p + ((long)t * time);
                        float* d = ds + ((long)t * time);
                        float weighted = VectorRow.Dot(pr, d, t + 1);
                        for (int t2 = 0; t2 <= t; t2++)
                            d[t2] = pr[t2] * (d[t2] - weighted) * scale;
                        new Span<float>(d + t + 1, time - t - 1).Clear();
                    }

                    // dQ = dS · K, dK = dSᵀ · Q
                    Gemm.Multiply(ds, time, 1, q + width, row, dq, row, time, time, hs, accumulate: false, parallel: false);
                    Gemm.Multiply(ds, 1, time, q, row, dq + width, row, time, time, hs, accumulate: false, parallel: false);
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
