using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Assay.Nano.Kernels;

/// <summary>
/// Layer normalisation over the last dimension: y = (x − μ) / √(σ² + ε) · w + b, ε = 1e-5. Rows whose width is a
/// multiple of 16 take a fused Vector512 path (hot path: it runs 2L + 1 times per forward pass), others
/// TensorPrimitives.
/// </summary>
internal static unsafe class LayerNorm
{
    private const float Epsilon = 1e-5f;

    /// <summary>out[N,C], mean[N], rstd[N] from inp[N,C].</summary>
    public static void Forward(float* output, float* mean, float* rstd, float* input, float* weight, float* bias, int rows, int width)
    {
        nint po = (nint)output, pm = (nint)mean, pr = (nint)rstd, pi = (nint)input, pw = (nint)weight, pb = (nint)bias;
        bool fused = Vector512.IsHardwareAccelerated && width % 16 == 0;
        NanoThreads.For(rows, 64, (start, end) =>
        {
            float* w = (float*)pw, b = (float*)pb;
            for (int r = start; r < end; r++)
            {
                float* x = (float*)pi + ((long)r * width);
                float* y = (float*)po + ((long)r * width);
                float m, s;
                if (fused)
                {
                    var sum = Vector512<float>.Zero;
                    for (int j = 0; j < width; j += 16)
                        sum += Vector512.Load(x + j);
                    m = Vector512.Sum(sum) / width;
                    var vm = Vector512.Create(m);
                    var squares = Vector512<float>.Zero;
                    for (int j = 0; j < width; j += 16)
                    {
                        var d = Vector512.Load(x + j) - vm;
                        squares = Vector512.FusedMultiplyAdd(d, d, squares);
                    }

                    s = 1f / MathF.Sqrt((Vector512.Sum(squares) / width) + Epsilon);
                    var vs = Vector512.Create(s);
                    for (int j = 0; j < width; j += 16)
                        Vector512.FusedMultiplyAdd((Vector512.Load(x + j) - vm) * vs, Vector512.Load(w + j), Vector512.Load(b + j)).Store(y + j);
                }
                else
                {
                    var xs = new ReadOnlySpan<float>(x, width);
                    var ys = new Span<float>(y, width);
                    m = TensorPrimitives.Sum(xs) / width;
                    TensorPrimitives.Subtract(xs, m, ys);
                    s = 1f / MathF.Sqrt((TensorPrimitives.SumOfSquares(ys) / width) + Epsilon);
                    TensorPrimitives.Multiply(ys, s, ys);
                    TensorPrimitives.FusedMultiplyAdd(ys, new ReadOnlySpan<float>(w, width), new ReadOnlySpan<float>(b, width), ys);
                }

                ((float*)pm)[r] = m;
                ((float*)pr)[r] = s;
            }
        });
    }

    /// <summary>
    /// With n = (x − μ)·rstd and g = dout·w: dinp += (g − mean(g) − n·mean(g·n))·rstd (accumulated, it feeds the
    /// residual stream); dw += Σ_rows dout·n; db += Σ_rows dout. <paramref name="scratch"/> holds N·C floats.
    /// </summary>
    public static void Backward(
        float* dInput, float* dWeight, float* dBias, float* dOutput, float* input, float* weight, float* mean, float* rstd,
        float* scratch, int rows, int width)
    {
        nint pdi = (nint)dInput, pdo = (nint)dOutput, pi = (nint)input, pw = (nint)weight, pm = (nint)mean, pr = (nint)rstd, ps = (nint)scratch;
        bool fused = Vector512.IsHardwareAccelerated && width % 16 == 0;
        NanoThreads.For(rows, 64, (start, end) =>
        {
            float* w = (float*)pw;
            Span<float> g = stackalloc float[width];
            for (int r = start; r < end; r++)
            {
                long o = (long)r * width;
                float* x = (float*)pi + o, dout = (float*)pdo + o, n = (float*)ps + o, dx = (float*)pdi + o;
                float s = ((float*)pr)[r], m = ((float*)pm)[r];
                if (fused)
                {
                    var vm = Vector512.Create(m);
                    var vs = Vector512.Create(s);
                    var gSum = Vector512<float>.Zero;
                    var gnSum = Vector512<float>.Zero;
                    for (int j = 0; j < width; j += 16)
                    {
                        var nj = (Vector512.Load(x + j) - vm) * vs;
                        nj.Store(n + j);
                        var gj = Vector512.Load(dout + j) * Vector512.Load(w + j);
                        gSum += gj;
                        gnSum = Vector512.FusedMultiplyAdd(gj, nj, gnSum);
                    }

                    var gMean = Vector512.Create(Vector512.Sum(gSum) / width);
                    var gnMean = Vector512.Create(Vector512.Sum(gnSum) / width);
                    for (int j = 0; j < width; j += 16)
                    {
                        var gj = Vector512.Load(dout + j) * Vector512.Load(w + j);
                        var t = gj - gMean - (Vector512.Load(n + j) * gnMean);
                        Vector512.FusedMultiplyAdd(t, vs, Vector512.Load(dx + j)).Store(dx + j);
                    }
                }
                else
                {
                    var ns = new Span<float>(n, width);
                    var dxs = new Span<float>(dx, width);
                    TensorPrimitives.Subtract(new ReadOnlySpan<float>(x, width), m, ns);
                    TensorPrimitives.Multiply(ns, s, ns);
                    TensorPrimitives.Multiply(new ReadOnlySpan<float>(dout, width), new ReadOnlySpan<float>(w, width), g);
                    float gMean = TensorPrimitives.Sum(g) / width;
                    float gnMean = TensorPrimitives.Dot(g, ns) / width;
                    TensorPrimitives.Subtract(g, gMean, g);
                    TensorPrimitives.FusedMultiplyAdd(ns, -gnMean, g, g);
                    TensorPrimitives.FusedMultiplyAdd(g, s, dxs, dxs);
                }
            }
        });

        // Parameter gradients sum over rows: one thread, rows in order, so the sum is reproducible.
        for (int r = 0; r < rows; r++)
        {
            long o = (long)r * width;
            VectorRow.MultiplyAdd(dWeight, dOutput + o, scratch + o, width);
            VectorRow.Add(dBias, dOutput + o, width);
        }
    }
}
