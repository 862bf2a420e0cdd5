using Assay.Nano.Kernels;

namespace Assay.Nano.Tests;

public sealed unsafe class KernelGradientTests
{
    [Theory]
    [InlineData(7, 300, 83, false)]
    [InlineData(1, 40, 40, false)]
    [InlineData(1, 300, 200, true)]
    [InlineData(2, 5, 16, true)]
    [InlineData(3, 33, 130, false)]
    [InlineData(8, 64, 128, false)]
    [InlineData(13, 17, 40, true)]
    [InlineData(64, 520, 192, true)]
    public void Gemm_matches_a_plain_triple_loop_including_tails_and_transposed_A(int m, int k, int n, bool transposedA)
    {
        var a = FiniteDifference.Random(m * k, 1);
        var b = FiniteDifference.Random(k * n, 2);
        var c = FiniteDifference.Random(m * n, 3);
        var expected = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = c.Array[(i * n) + j];
                for (int p = 0; p < k; p++)
                    sum += (double)a.Array[transposedA ? (p * m) + i : (i * k) + p] * b.Array[(p * n) + j];
                expected[(i * n) + j] = sum;
            }
        }

        Gemm.Multiply(a.Pointer, transposedA ? 1 : k, transposedA ? m : 1, b.Pointer, n, c.Pointer, n, m, k, n, accumulate: true);

        for (int i = 0; i < m * n; i++)
            Assert.True(Math.Abs(expected[i] - c.Array[i]) < 1e-3, $"C[{i}] = {c.Array[i]}, expected {expected[i]}");
    }

    [Fact]
    public void Gemm_gives_the_same_bits_on_one_thread_and_on_many()
    {
        var a = FiniteDifference.Random(70 * 300, 4);
        var b = FiniteDifference.Random(300 * 100, 5);
        var one = new PinnedFloats(70 * 100);
        var many = new PinnedFloats(70 * 100);
        int saved = NanoThreads.Count;
        try
        {
            NanoThreads.Count = 1;
            Gemm.Multiply(a.Pointer, 300, 1, b.Pointer, 100, one.Pointer, 100, 70, 300, 100, false);
            NanoThreads.Count = 4;
            Gemm.Multiply(a.Pointer, 300, 1, b.Pointer, 100, many.Pointer, 100, 70, 300, 100, false);
        }
        finally
        {
            NanoThreads.Count = saved;
        }

        Assert.Equal(one.Array, many.Array);
    }

    [Fact]
    public void Linear_backward_matches_finite_differences()
    {
        const int N = 6, C = 20, OC = 36;
        var x = FiniteDifference.Random(N * C, 1);
        var w = FiniteDifference.Random(C * OC, 2, 0.5f);
        var b = FiniteDifference.Random(OC, 3);
        var r = FiniteDifference.Random(N * OC, 4);
        var y = new PinnedFloats(N * OC);
        double Loss()
        {
            Linear.Forward(y.Pointer, x.Pointer, w.Pointer, b.Pointer, N, C, OC);
            return FiniteDifference.Project(y, r);
        }

        var dx = new PinnedFloats(N * C);
        var dw = new PinnedFloats(C * OC);
        var db = new PinnedFloats(OC);
        var scratch = new PinnedFloats(C * OC);
        Loss();
        Linear.Backward(dx.Pointer, dw.Pointer, db.Pointer, r.Pointer, x.Pointer, w.Pointer, scratch.Pointer, N, C, OC);

        FiniteDifference.Check("dx", x, dx.Span, Loss);
        FiniteDifference.Check("dW", w, dw.Span, Loss, stride: 7);
        FiniteDifference.Check("db", b, db.Span, Loss);
    }

    [Fact]
    public void LayerNorm_backward_matches_finite_differences()
    {
        const int N = 5, C = 24;
        var x = FiniteDifference.Random(N * C, 1, 2f);
        var w = FiniteDifference.Random(C, 2);
        var b = FiniteDifference.Random(C, 3);
        var r = FiniteDifference.Random(N * C, 4);
        var y = new PinnedFloats(N * C);
        var mean = new PinnedFloats(N);
        var rstd = new PinnedFloats(N);
        double Loss()
        {
            LayerNorm.Forward(y.Pointer, mean.Pointer, rstd.Pointer, x.Pointer, w.Pointer, b.Pointer, N, C);
            return FiniteDifference.Project(y, r);
        }

        var dx = new PinnedFloats(N * C);
        var dw = new PinnedFloats(C);
        var db = new PinnedFloats(C);
        Loss();
        LayerNorm.Backward(dx.Pointer, dw.Pointer, db.Pointer, r.Pointer, x.Pointer, w.Pointer, mean.Pointer, rstd.Pointer,
            new PinnedFloats(N * C).Pointer, N, C);

        FiniteDifference.Check("dx", x, dx.Span, Loss, h: 5e-3f);
        FiniteDifference.Check("dw", w, dw.Span, Loss);
        FiniteDifference.Check("db", b, db.Span, Loss);
    }

    [Fact]
    public void Gelu_backward_matches_finite_differences()
    {
        const int Count = 3000; // more than one chunk
        var x = FiniteDifference.Random(Count, 1, 4f);
        var r = FiniteDifference.Random(Count, 2);
        var y = new PinnedFloats(Count);
        double Loss()
        {
            Gelu.Forward(y.Pointer, x.Pointer, Count);
            return FiniteDifference.Project(y, r);
        }

        var dx = new PinnedFloats(Count);
        Loss();
        Gelu.Backward(dx.Pointer, x.Pointer, r.Pointer, Count);

        FiniteDifference.Check("dx", x, dx.Span, Loss, h: 1e-3f, stride: 3);
        // The tanh form at a known point: gelu(1) = 0.841192.
        x.Array[0] = 1f;
        Gelu.Forward(y.Pointer, x.Pointer, 1);
        Assert.Equal(0.841192f, y.Array[0], 5);
    }

    [Fact]
    public void Attention_backward_matches_finite_differences()
    {
        const int B = 2, T = 5, C = 12, H = 3;
        var qkv = FiniteDifference.Random(B * T * 3 * C, 1);
        var r = FiniteDifference.Random(B * T * C, 2);
        var y = new PinnedFloats(B * T * C);
        var att = new PinnedFloats(B * H * T * T);
        double Loss()
        {
            Attention.Forward(y.Pointer, att.Pointer, qkv.Pointer, B, T, C, H);
            return FiniteDifference.Project(y, r);
        }

        var dqkv = FiniteDifference.Random(B * T * 3 * C, 3); // garbage: backward must overwrite it
        Loss();
        Attention.Backward(dqkv.Pointer, r.Pointer, qkv.Pointer, att.Pointer, B, T, C, H);

        FiniteDifference.Check("dqkv", qkv, dqkv.Span, Loss);
    }

    [Fact]
    public void Attention_is_causal()
    {
        const int B = 1, T = 6, C = 8, H = 2;
        var qkv = FiniteDifference.Random(B * T * 3 * C, 1);
        var y1 = new PinnedFloats(B * T * C);
        var y2 = new PinnedFloats(B * T * C);
        var att = new PinnedFloats(B * H * T * T);
        Attention.Forward(y1.Pointer, att.Pointer, qkv.Pointer, B, T, C, H);
        for (int i = 3 * 3 * C; i < qkv.Length; i++)
            qkv.Array[i] += 1f; // change positions 3..5 only
        Attention.Forward(y2.Pointer, att.Pointer, qkv.Pointer, B, T, C, H);

        Assert.Equal(y1.Span[..(3 * C)].ToArray(), y2.Span[..(3 * C)].ToArray());
        Assert.NotEqual(y1.Span[(3 * C)..].ToArray(), y2.Span[(3 * C)..].ToArray());
    }

    [Fact]
    public void Cross_entropy_backward_matches_finite_differences_and_ignores_masked_positions()
    {
        const int N = 6, V = 9;
        var logits = FiniteDifference.Random(N * V, 1, 3f);
        int[] targets = [0, 3, 8, 2, 2, 5];
        float[] weights = [1, 0, 1, 0.5f, 0, 1];
        var probs = new PinnedFloats(N * V);
        var losses = new PinnedFloats(N);
        double Loss()
        {
            CrossEntropy.Forward(probs.Pointer, losses.Pointer, logits.Pointer, targets, weights, N, V);
            double sum = 0;
            for (int i = 0; i < N; i++)
                sum += weights[i] * losses.Array[i];
            return sum / 4;
        }

        var dlogits = new PinnedFloats(N * V);
        Loss();
        CrossEntropy.Backward(dlogits.Pointer, probs.Pointer, targets, weights, 4, N, V);

        FiniteDifference.Check("dlogits", logits, dlogits.Span, Loss, h: 1e-3f);
        Assert.All(dlogits.Span.Slice(1 * V, V).ToArray(), d => Assert.Equal(0f, d));
        Assert.Equal(0f, losses.Array[4]);
    }

    [Fact]
    public void Embedding_backward_matches_finite_differences()
    {
        const int B = 2, T = 3, C = 4, V = 5;
        int[] tokens = [1, 4, 1, 0, 2, 4];
        var wte = FiniteDifference.Random(V * C, 1);
        var wpe = FiniteDifference.Random(T * C, 2);
        var r = FiniteDifference.Random(B * T * C, 3);
        var y = new PinnedFloats(B * T * C);
        double Loss()
        {
            Embedding.Forward(y.Pointer, tokens, wte.Pointer, wpe.Pointer, B, T, C);
            return FiniteDifference.Project(y, r);
        }

        var dwte = new PinnedFloats(V * C);
        var dwpe = new PinnedFloats(T * C);
        Loss();
        Embedding.Backward(dwte.Pointer, dwpe.Pointer, r.Pointer, tokens, B, T, C);

        FiniteDifference.Check("dwte", wte, dwte.Span, Loss);
        FiniteDifference.Check("dwpe", wpe, dwpe.Span, Loss);
        Assert.All(dwte.Span.Slice(3 * C, C).ToArray(), d => Assert.Equal(0f, d)); // token 3 never appears
    }

    [Fact]
    public void Soft_target_KL_backward_matches_finite_differences()
    {
        const int N = 4, V = 7;
        var logits = FiniteDifference.Random(N * V, 1, 3f);
        var random = new Random(2);
        var teacher = new float[N * V];
        for (int r = 0; r < N; r++)
        {
            float sum = 0;
            for (int v = 0; v < V; v++)
                sum += teacher[(r * V) + v] = v == 3 ? 0 : (float)random.NextDouble();
            for (int v = 0; v < V; v++)
                teacher[(r * V) + v] /= sum;
        }

        float[] weights = [1, 0, 2, 1];
        var probs = new PinnedFloats(N * V);
        var losses = new PinnedFloats(N);
        double Loss()
        {
            CrossEntropy.ForwardSoft(probs.Pointer, losses.Pointer, logits.Pointer, teacher, weights, N, V);
            return losses.Span.ToArray().Select((l, i) => (double)l * weights[i]).Sum() / 3;
        }

        var dlogits = new PinnedFloats(N * V);
        Loss();
        CrossEntropy.BackwardSoft(dlogits.Pointer, probs.Pointer, teacher, weights, 3, N, V);

        FiniteDifference.Check("dlogits", logits, dlogits.Span, Loss, h: 1e-3f);
        Assert.All(losses.Span.ToArray(), l => Assert.True(l >= 0));
    }
}
