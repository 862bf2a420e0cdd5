namespace Assay.Nano.Kernels;

/// <summary>A fully connected layer: out[N,OC] = inp[N,C] · W[C,OC] + b[OC], weights stored (in, out) as in GPT-2.</summary>
internal static unsafe class Linear
{
    /// <summary>out[N,OC] = inp[N,C] · W[C,OC] + bias (bias may be null).</summary>
    public static void Forward(float* output, float* input, float* weight, float* bias, int rows, int inFeatures, int outFeatures)
    {
        if (bias != null)
        {
            var b = new ReadOnlySpan<float>(bias, outFeatures);
            for (int r = 0; r < rows; r++)
                b.CopyTo(new Span<float>(output + ((long)r * outFeatures), outFeatures));
        }

        // Starting each chain from the bias keeps the result one fused multiply-add chain per element.
        Gemm.Multiply(input, inFeatures, 1, weight, outFeatures, output, outFeatures, rows, inFeatures, outFeatures, accumulate: bias != null);
    }

    /// <summary>
    /// dinp[N,C] = dout[N,OC] · Wᵀ (overwritten); dW[C,OC] += inpᵀ · dout; dbias[OC] += Σ_rows dout.
    /// <paramref name="scratch"/> holds C·OC floats for Wᵀ.
    /// </summary>
    public static void Backward(
        float* dInput, float* dWeight, float* dBias, float* dOutput, float* input, float* weight, float* scratch,
        int rows, int inFeatures, int outFeatures)
    {
        if (dInput != null)
        {
            Transpose(weight, scratch, inFeatures, outFeatures);
            Gemm.Multiply(dOutput, outFeatures, 1, scratch, inFeatures, dInput, inFeatures, rows, outFeatures, inFeatures, accumulate: false);
        }

        // dW[i,o] = Σ_r inp[r,i] · dout[r,o]: A = inpᵀ, read through strides.
        Gemm.Multiply(input, 1, inFeatures, dOutput, outFeatures, dWeight, outFeatures, inFeatures, rows, outFeatures, accumulate: true);

        if (dBias != null)
        {
            for (int r = 0; r < rows; r++)
                VectorRow.Add(dBias, dOutput + ((long)r * outFeatures), outFeatures);
        }
    }

    /// <summary>dst[cols,rows] = src[rows,cols]ᵀ, source rows <paramref name="stride"/> floats apart (default: cols).</summary>
    public static void Transpose(float* src, float* dst, int rows, int cols, int stride = 0)
    {
        if (stride == 0)
            stride = cols;
        for (int r = 0; r < rows; r++)
        {
            float* s = src + ((long)r * stride);
            for (int c = 0; c < cols; c++)
                dst[((long)c * rows) + r] = s[c];
        }
    }
}
