using System.Numerics.Tensors;

namespace Assay.Nano.Kernels;

/// <summary>Layer normalisation over the last dimension: y = (x − μ) / √(σ² + ε) · w + b, ε = 1e-5.</summary>
internal static unsafe class LayerNorm
{
    private const float Epsilon = 1e-5f;

    /// <summary>out[N,C], mean[N], rstd[N] from inp[N,C].</summary>
    public static void Forward(float* output, float* mean, float* rstd, float* input, float* weight, float* bias, int rows, int width)
    {
        nint po = (nint)output, pm = (nint)mean, pr = (nint)rstd, pi = (nint)input, pw = (nint)weight, pb = (nint)bias;
        NanoThreads.For(rows, 64, (start, end) =>
        {
            var w = new ReadOnlySpan<float>((float*)pw, width);
            var b = new ReadOnlySpan<float>((float*)pb, width);
            for (int r = start; r < end; r++)
            {
                var x = new ReadOnlySpan<float>((float*)pi + ((long)r * width), width);
                var y = new Span<float>((float*)po + ((long)r * width), width);
                float m = TensorPrimitives.Sum(x) / width;
                TensorPrimitives.Subtract(x, m, y);
                float variance = TensorPrimitives.SumOfSquares(y) / width;
                float s = 1f / MathF.Sqrt(variance + Epsilon);
                TensorPrimitives.Multiply(y, s, y);
                TensorPrimitives.FusedMultiplyAdd(y, w, b, y);
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
        NanoThreads.For(rows, 64, (start, end) =>
        {
            var w = new ReadOnlySpan<float>((float*)pw, width);
            Span<float> g = stackalloc float[width];
            for (int r = start; r < end; r++)
            {
                long o = (long)r * width;
                var x = new ReadOnlySpan<float>((float*)pi + o, width);
                var dout = new ReadOnlySpan<float>((float*)pdo + o, width);
                var n = new Span<float>((float*)ps + o, width);
                var dx = new Span<float>((float*)pdi + o, width);
                float s = ((float*)pr)[r];
                TensorPrimitives.Subtract(x, ((float*)pm)[r], n);
                TensorPrimitives.Multiply(n, s, n);
                TensorPrimitives.Multiply(dout, w, g);
                float gMean = TensorPrimitives.Sum(g) / width;
                float gnMean = TensorPrimitives.Dot(g, n) / width;
                TensorPrimitives.Subtract(g, gMean, g);
                TensorPrimitives.FusedMultiplyAdd(n, -gnMean, g, g);
                TensorPrimitives.FusedMultiplyAdd(g, s, dx, dx);
            }
        });

        // Parameter gradients sum over rows: one thread, rows in order, so the sum is reproducible.
        var dw = new Span<float>(dWeight, width);
        var db = new Span<float>(dBias, width);
        for (int r = 0; r < rows; r++)
        {
            long o = (long)r * width;
            var dout = new ReadOnlySpan<float>(dOutput + o, width);
            TensorPrimitives.FusedMultiplyAdd(dout, new ReadOnlySpan<float>(scratch + o, width), dw, dw);
            TensorPrimitives.Add(dout, db, db);
        }
    }
}
