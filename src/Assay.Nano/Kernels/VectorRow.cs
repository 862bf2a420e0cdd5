using System.Runtime.Intrinsics;

namespace Assay.Nano.Kernels;

/// <summary>
/// Short-row primitives (a few dozen to a few hundred floats) on Vector512 with a scalar tail. Hot path:
/// TensorPrimitives costs more in per-call overhead than in arithmetic at these lengths, and these run per row.
/// </summary>
internal static unsafe class VectorRow
{
    /// <summary>row[i] = softmax(scale·row)[i], max-subtracted, for i &lt; length.</summary>
    public static void Softmax(float* row, int length, float scale = 1f)
    {
        int i = 0;
        float max = float.NegativeInfinity;
        if (Vector512.IsHardwareAccelerated && length >= 16)
        {
            var vmax = Vector512.Create(float.NegativeInfinity);
            for (; i + 16 <= length; i += 16)
                vmax = Vector512.Max(vmax, Vector512.Load(row + i));
            max = MaxOf(vmax);
        }

        for (; i < length; i++)
            max = MathF.Max(max, row[i]);

        float sum = 0;
        i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vs = Vector512.Create(scale);
            var vm = Vector512.Create(max * scale);
            var vsum = Vector512<float>.Zero;
            for (; i + 16 <= length; i += 16)
            {
                var e = Vector512.Exp(Vector512.FusedMultiplyAdd(Vector512.Load(row + i), vs, -vm));
                e.Store(row + i);
                vsum += e;
            }

            sum = Vector512.Sum(vsum);
        }

        for (; i < length; i++)
        {
            row[i] = MathF.Exp((row[i] * scale) - (max * scale));
            sum += row[i];
        }

        Scale(row, 1f / sum, length);
    }

    /// <summary>row[i] *= factor.</summary>
    public static void Scale(float* row, float factor, int length)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var f = Vector512.Create(factor);
            for (; i + 16 <= length; i += 16)
                (Vector512.Load(row + i) * f).Store(row + i);
        }

        for (; i < length; i++)
            row[i] *= factor;
    }

    /// <summary>target[i] += source[i].</summary>
    public static void Add(float* target, float* source, int length)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= length; i += 16)
                (Vector512.Load(target + i) + Vector512.Load(source + i)).Store(target + i);
        }

        for (; i < length; i++)
            target[i] += source[i];
    }

    /// <summary>target[i] += a[i]·b[i], fused.</summary>
    public static void MultiplyAdd(float* target, float* a, float* b, int length)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= length; i += 16)
                Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), Vector512.Load(target + i)).Store(target + i);
        }

        for (; i < length; i++)
            target[i] = MathF.FusedMultiplyAdd(a[i], b[i], target[i]);
    }

    /// <summary>target[i] += factor·source[i], fused.</summary>
    public static void AddScaled(float* target, float* source, float factor, int length)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var f = Vector512.Create(factor);
            for (; i + 16 <= length; i += 16)
                Vector512.FusedMultiplyAdd(Vector512.Load(source + i), f, Vector512.Load(target + i)).Store(target + i);
        }

        for (; i < length; i++)
            target[i] = MathF.FusedMultiplyAdd(source[i], factor, target[i]);
    }

    /// <summary>Σ a[i]·b[i].</summary>
    public static float Dot(float* a, float* b, int length)
    {
        int i = 0;
        float sum = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<float>.Zero;
            for (; i + 16 <= length; i += 16)
                acc = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), acc);
            sum = Vector512.Sum(acc);
        }

        for (; i < length; i++)
            sum = MathF.FusedMultiplyAdd(a[i], b[i], sum);
        return sum;
    }

    private static float MaxOf(Vector512<float> v)
    {
        var m = Vector256.Max(v.GetLower(), v.GetUpper());
        var n = Vector128.Max(m.GetLower(), m.GetUpper());
        return MathF.Max(MathF.Max(n[0], n[1]), MathF.Max(n[2], n[3]));
    }
}
