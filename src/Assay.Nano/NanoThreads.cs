namespace Assay.Nano;

/// <summary>
/// How many threads nano's kernels may use. Every kernel splits work by output element, and each output is
/// reduced by one thread in a fixed order, so results are bit-identical for any thread count.
/// </summary>
public static class NanoThreads
{
    private static ParallelOptions s_options = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>The largest number of threads a kernel uses (default: the processor count).</summary>
    public static int Count
    {
        get => s_options.MaxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            s_options = new ParallelOptions { MaxDegreeOfParallelism = value };
        }
    }

    /// <summary>Runs <paramref name="body"/>(start, end) over [0, count) in chunks of at least <paramref name="grain"/> items.</summary>
    internal static void For(int count, int grain, Action<int, int> body)
    {
        var options = s_options;
        int threads = options.MaxDegreeOfParallelism;
        if (threads == 1 || count <= grain)
        {
            body(0, count);
            return;
        }

        // A few chunks per thread balance the load; chunks never go below the grain.
        int chunk = Math.Max(grain, (count + (threads * 4) - 1) / (threads * 4));
        int chunks = (count + chunk - 1) / chunk;
        Parallel.For(0, chunks, options, c =>
        {
            int start = c * chunk;
            body(start, Math.Min(count, start + chunk));
        });
    }
}
