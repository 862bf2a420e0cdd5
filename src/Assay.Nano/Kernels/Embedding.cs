using System.Numerics.Tensors;

namespace Assay.Nano.Kernels;

/// <summary>Token plus position embedding: out[b,t,:] = wte[tokens[b,t],:] + wpe[t,:].</summary>
internal static unsafe class Embedding
{
    /// <summary>out[B,T,C] from tokens[B,T]; position of row r is r mod T.</summary>
    public static void Forward(float* output, ReadOnlySpan<int> tokens, float* wte, float* wpe, int batch, int time, int width)
    {
        for (int r = 0; r < batch * time; r++)
        {
            TensorPrimitives.Add(
                new ReadOnlySpan<float>(wte + ((long)tokens[r] * width), width),
                new ReadOnlySpan<float>(wpe + ((long)(r % time) * width), width),
                new Span<float>(output + ((long)r * width), width));
        }
    }

    /// <summary>dwte[token] += dout[r]; dwpe[t] += dout[r], rows in order so the sums are reproducible.</summary>
    public static void Backward(float* dWte, float* dWpe, float* dOutput, ReadOnlySpan<int> tokens, int batch, int time, int width)
    {
        for (int r = 0; r < batch * time; r++)
        {
            float* dout = dOutput + ((long)r * width);
            VectorRow.Add(dWte + ((long)tokens[r] * width), dout, width);
            VectorRow.Add(dWpe + ((long)(r % time) * width), dout, width);
        }
    }
}
