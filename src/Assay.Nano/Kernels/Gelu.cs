using System.Runtime.Intrinsics;

namespace Assay.Nano.Kernels;

/// <summary>
/// GELU, tanh form (GPT-2): gelu(x) = ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³), computed as x·σ(2u), the same
/// function, in one fused Vector512 pass (scalar for the tail and where Vector512 is missing).
/// </summary>
internal static unsafe class Gelu
{
    private const float Scale = 0.7978845608028654f; // √(2/π)
    private const float Cubic = 0.044715f;
    private const int Chunk = 4096;

    /// <summary>out[i] = gelu(inp[i]) for i &lt; count.</summary>
    public static void Forward(float* output, float* input, long count)
    {
        nint po = (nint)output, pi = (nint)input;
        int chunks = (int)((count + Chunk - 1) / Chunk);
        NanoThreads.For(chunks, 4, (start, end) =>
        {
            long from = (long)start * Chunk, to = Math.Min(count, (long)end * Chunk);
            float* x = (float*)pi, y = (float*)po;
            long i = from;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i + 16 <= to; i += 16)
                {
                    var v = Vector512.Load(x + i);
                    (Vector512.Load(x + i) * Sigmoid(TwoU(v))).Store(y + i);
                }
            }

            for (; i < to; i++)
                y[i] = x[i] * Sigmoid(TwoU(x[i]));
        });
    }

    /// <summary>dinp[i] = dout[i] · gelu′(inp[i]) (overwritten), gelu′ = σ + x·σ(1 − σ)·2u′, 2u′ = 2√(2/π)(1 + 3·0.044715x²).</summary>
    public static void Backward(float* dInput, float* input, float* dOutput, long count)
    {
        nint pdi = (nint)dInput, pi = (nint)input, pdo = (nint)dOutput;
        int chunks = (int)((count + Chunk - 1) / Chunk);
        NanoThreads.For(chunks, 4, (start, end) =>
        {
            long from = (long)start * Chunk, to = Math.Min(count, (long)end * Chunk);
            float* x = (float*)pi, dx = (float*)pdi, dy = (float*)pdo;
            long i = from;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i + 16 <= to; i += 16)
                {
                    var v = Vector512.Load(x + i);
                    var s = Sigmoid(TwoU(v));
                    var du = Vector512.FusedMultiplyAdd(v * v, Vector512.Create(2 * Scale * 3 * Cubic), Vector512.Create(2 * Scale));
                    var grad = Vector512.FusedMultiplyAdd(v * s * (Vector512<float>.One - s), du, s);
                    (grad * Vector512.Load(dy + i)).Store(dx + i);
                }
            }

            for (; i < to; i++)
            {
                float v = x[i];
                float s = Sigmoid(TwoU(v));
                float du = (v * v * (2 * Scale * 3 * Cubic)) + (2 * Scale);
                dx[i] = ((v * s * (1 - s) * du) + s) * dy[i];
            }
        });
    }

    // 2u = 2√(2/π)(x + 0.044715x³)
    private static Vector512<float> TwoU(Vector512<float> x) =>
        x * Vector512.FusedMultiplyAdd(x * x, Vector512.Create(2 * Scale * Cubic), Vector512.Create(2 * Scale));

    private static float TwoU(float x) => x * ((x * x * (2 * Scale * Cubic)) + (2 * Scale));

    private static Vector512<float> Sigmoid(Vector512<float> z) => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-z));

    private static float Sigmoid(float z) => 1f / (1f + MathF.Exp(-z));
}
