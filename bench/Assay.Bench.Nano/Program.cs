using System.Diagnostics;
using Assay.Nano;
using Assay.Nano.Kernels;

unsafe
{
    foreach (int threads in new[] { 1, 2 })
    {
        NanoThreads.Count = threads;
        foreach (var (m, k, n) in new[] { (2048, 128, 384), (2048, 512, 128), (128, 2048, 512), (512, 512, 512) })
        {
            var a = new float[m * k]; var b = new float[k * n]; var c = new float[m * n];
            var r = new Random(1);
            for (int i = 0; i < a.Length; i++) a[i] = (float)r.NextDouble();
            for (int i = 0; i < b.Length; i++) b[i] = (float)r.NextDouble();
            fixed (float* pa = a, pb = b, pc = c)
            {
                for (int w = 0; w < 5; w++) Gemm.Multiply(pa, k, 1, pb, n, pc, n, m, k, n, false);
                var sw = Stopwatch.StartNew(); int reps = 0;
                while (sw.Elapsed.TotalSeconds < 1) { Gemm.Multiply(pa, k, 1, pb, n, pc, n, m, k, n, false); reps++; }
                double gf = 2.0 * m * k * n * reps / sw.Elapsed.TotalSeconds / 1e9;
                Console.WriteLine($"threads={threads} {m}x{k}x{n}: {gf:F1} GFLOP/s");
            }
        }
    }
}
