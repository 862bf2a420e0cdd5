using System.Numerics.Tensors;

namespace Assay.Nano.Kernels;

/// <summary>
/// GELU, tanh form (GPT-2): gelu(x) = ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³), computed as x·σ(2u), which is
/// the same function and vectorises through the logistic σ.
/// </summary>
internal static unsafe class Gelu
{
    private const float Scale = 0.7978845608028654f; // √(2/π)
    private const float Cubic = 0.044715f;
    private const int Chunk = 1024;

    /// <summary>out[i] = gelu(inp[i]) for i &lt; count.</summary>
    public static void Forward(float* output, float* input, long count)
    {
        nint po = (nint)output, pi = (nint)input;
        int chunks = (int)((count + Chunk - 1) / Chunk);
        NanoThreads.For(chunks, 16, (start, end) =>
        {
            Span<float> s = stackalloc float[Chunk];
            for (int c = start; c < end; c++)
            {
                long o = (long)c * Chunk;
                int len = (int)Math.Min(Chunk, count - o);
                var x = new ReadOnlySpan<float>((float*)pi + o, len);
                var sig = s[..len];
                TwoU(x, sig);
                TensorPrimitives.Sigmoid(sig, sig);
                TensorPrimitives.Multiply(x, sig, new Span<float>((float*)po + o, len));
            }
        });
    }

    /// <summary>dinp[i] = dout[i] · gelu′(inp[i]) (overwritten), gelu′ = σ + x·σ(1 − σ)·2u′, u′ = √(2/π)(1 + 3·0.044715x²).</summary>
    public static void Backward(float* dInput, float* input, float* dOutput, long count)
    {
        nint pdi = (nint)dInput, pi = (nint)input, pdo = (nint)dOutput;
        int chunks = (int)((count + Chunk - 1) / Chunk);
        NanoThreads.For(chunks, 16, (start, end) =>
        {
            Span<float> s = stackalloc float[Chunk];
            Span<float> t = stackalloc float[Chunk];
            for (int c = start; c < end; c++)
            {
                long o = (long)c * Chunk;
                int len = (int)Math.Min(Chunk, count - o);
                var x = new ReadOnlySpan<float>((float*)pi + o, len);
                var sig = s[..len];
                var tmp = t[..len];
                TwoU(x, sig);
                TensorPrimitives.Sigmoid(sig, sig);
                // tmp = 2u′ = 2√(2/π)(1 + 3·0.044715x²)
                TensorPrimitives.Multiply(x, x, tmp);
                TensorPrimitives.Multiply(tmp, 2 * Scale * 3 * Cubic, tmp);
                TensorPrimitives.Add(tmp, 2 * Scale, tmp);
                // tmp = x·σ(1 − σ)·2u′ + σ
                TensorPrimitives.Multiply(tmp, x, tmp);
                TensorPrimitives.Multiply(tmp, sig, tmp);
                TensorPrimitives.Subtract(1f, sig, new Span<float>((float*)pdi + o, len));
                TensorPrimitives.Multiply(tmp, new ReadOnlySpan<float>((float*)pdi + o, len), tmp);
                TensorPrimitives.Add(tmp, sig, tmp);
                TensorPrimitives.Multiply(tmp, new ReadOnlySpan<float>((float*)pdo + o, len), new Span<float>((float*)pdi + o, len));
            }
        });
    }

    // dest = 2u = 2√(2/π)(x + 0.044715x³)
    private static void TwoU(ReadOnlySpan<float> x, Span<float> dest)
    {
        TensorPrimitives.Multiply(x, x, dest);
        TensorPrimitives.Multiply(dest, Cubic, dest);
        TensorPrimitives.Add(dest, 1f, dest);
        TensorPrimitives.Multiply(dest, x, dest);
        TensorPrimitives.Multiply(dest, 2 * Scale, dest);
    }
}
