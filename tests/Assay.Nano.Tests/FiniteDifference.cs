namespace Assay.Nano.Tests;

/// <summary>Central finite differences against an analytic gradient, for the gradient checks.</summary>
internal static class FiniteDifference
{
    /// <summary>
    /// Perturbs each checked element of <paramref name="x"/> by ±h, evaluates <paramref name="loss"/> and asserts
    /// |numeric − analytic| ≤ tolerance·max|analytic| + 1e-4 (fp32 forward passes need a loose relative bound).
    /// </summary>
    public static void Check(string name, PinnedFloats x, ReadOnlySpan<float> analytic, Func<double> loss,
        float h = 1e-2f, double tolerance = 2e-2, int stride = 1, int offset = 0, int length = -1)
    {
        if (length < 0)
            length = x.Length - offset;
        double scale = 0;
        for (int i = offset; i < offset + length; i++)
            scale = Math.Max(scale, Math.Abs(analytic[i]));
        Assert.True(scale > 0, $"{name}: the analytic gradient is all zero, so the check would prove nothing.");
        for (int i = offset; i < offset + length; i += stride)
        {
            float saved = x.Array[i];
            x.Array[i] = saved + h;
            double plus = loss();
            x.Array[i] = saved - h;
            double minus = loss();
            x.Array[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            double error = Math.Abs(numeric - analytic[i]);
            Assert.True(error <= (tolerance * scale) + 1e-4,
                $"{name}[{i}]: numeric {numeric:G6} vs analytic {analytic[i]:G6} (scale {scale:G4}).");
        }
    }

    public static PinnedFloats Random(int length, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new PinnedFloats(length);
        for (int i = 0; i < length; i++)
            values.Array[i] = (float)((random.NextDouble() * 2) - 1) * scale;
        return values;
    }

    /// <summary>Σ out ⊙ r in double: a scalar loss whose gradient with respect to out is r.</summary>
    public static double Project(PinnedFloats output, PinnedFloats r)
    {
        double sum = 0;
        for (int i = 0; i < output.Length; i++)
            sum += (double)output.Array[i] * r.Array[i];
        return sum;
    }
}
