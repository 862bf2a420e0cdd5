using System.Diagnostics;
using Assay.Nano;
using Assay.Nano.Kernels;

namespace Assay.Bench.Nano;

/// <summary>Raw GEMM throughput, C[m,n] = A[m,k]·B[k,n].</summary>
internal static unsafe class MatmulBench
{
    public static double Run(int m, int k, int n, int threads)
    {
        NanoThreads.Count = threads;
        var a = Filled((long)m * k);
        var b = Filled((long)k * n);
        var c = new PinnedFloats((long)m * n);
        for (int i = 0; i < 5; i++)
            Gemm.Multiply(a.Pointer, k, 1, b.Pointer, n, c.Pointer, n, m, k, n, false);
        var clock = Stopwatch.StartNew();
        int reps = 0;
        while (clock.Elapsed.TotalSeconds < 1)
        {
            Gemm.Multiply(a.Pointer, k, 1, b.Pointer, n, c.Pointer, n, m, k, n, false);
            reps++;
        }

        return 2.0 * m * k * n * reps / clock.Elapsed.TotalSeconds / 1e9;
    }

    private static PinnedFloats Filled(long length)
    {
        var buffer = new PinnedFloats(length);
        var random = new Random(1);
        for (int i = 0; i < buffer.Length; i++)
            buffer.Array[i] = (float)random.NextDouble();
        return buffer;
    }
}
