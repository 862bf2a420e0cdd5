using System.Diagnostics;
using Assay.Nano;
using Assay.Nano.Kernels;

namespace Assay.Bench.Nano;

/// <summary>Milliseconds per call of each kernel at the training benchmark's shapes (one layer's worth).</summary>
internal static unsafe class KernelProfile
{
    public static void Run(int batch, int time, int width, int heads, int vocabulary)
    {
        int n = batch * time, c = width;
        var x = Filled((long)n * 4 * c);
        var y = Filled((long)n * 4 * c);
        var z = Filled((long)n * 4 * c);
        var w = Filled(4L * c * c);
        var dw = Filled(4L * c * c);
        var s = Filled(4L * c * c);
        var att = Filled((long)batch * heads * time * time);
        var qkv = Filled((long)n * 3 * c);
        var mean = Filled(n);
        var rstd = Filled(n);
        Time("linear fwd C->3C", () => Linear.Forward(y.Pointer, x.Pointer, w.Pointer, w.Pointer, n, c, 3 * c));
        Time("linear bwd C->3C", () => Linear.Backward(z.Pointer, dw.Pointer, dw.Pointer, y.Pointer, x.Pointer, w.Pointer, s.Pointer, n, c, 3 * c));
        Time("linear fwd 4C->C", () => Linear.Forward(y.Pointer, x.Pointer, w.Pointer, w.Pointer, n, 4 * c, c));
        Time("linear bwd 4C->C", () => Linear.Backward(z.Pointer, dw.Pointer, dw.Pointer, y.Pointer, x.Pointer, w.Pointer, s.Pointer, n, 4 * c, c));
        Time("logits fwd C->V", () => Linear.Forward(y.Pointer, x.Pointer, w.Pointer, null, n, c, vocabulary));
        Time("attention fwd", () => Attention.Forward(y.Pointer, att.Pointer, qkv.Pointer, batch, time, c, heads));
        Time("attention bwd", () => Attention.Backward(z.Pointer, y.Pointer, qkv.Pointer, att.Pointer, batch, time, c, heads));
        Time("layernorm fwd", () => LayerNorm.Forward(y.Pointer, mean.Pointer, rstd.Pointer, x.Pointer, w.Pointer, w.Pointer, n, c));
        Time("layernorm bwd", () => LayerNorm.Backward(z.Pointer, dw.Pointer, dw.Pointer, y.Pointer, x.Pointer, w.Pointer, mean.Pointer, rstd.Pointer, s.Pointer, n, c));
        Time("gelu fwd", () => Gelu.Forward(y.Pointer, x.Pointer, (long)n * 4 * c));
        Time("gelu bwd", () => Gelu.Backward(z.Pointer, x.Pointer, y.Pointer, (long)n * 4 * c));
    }

    private static PinnedFloats Filled(long length)
    {
        var buffer = new PinnedFloats(length);
        var random = new Random(1);
        for (int i = 0; i < buffer.Length; i++)
            buffer.Array[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
        return buffer;
    }

    private static void Time(string name, Action action)
    {
        for (int i = 0; i < 3; i++)
            action();
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        int reps = 0;
        while (clock.ElapsedMilliseconds < 300)
        {
            action();
            reps++;
        }

        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        Console.WriteLine($"{name,-20} {clock.Elapsed.TotalMilliseconds / reps,8:F2} ms wall {cpuMs / reps,8:F2} ms cpu");
    }
}
