using System.Runtime.Intrinsics;

namespace Assay.Nano.Kernels;

/// <summary>
/// C[m,n] (+)= A[m,k] · B[k,n] in fp32. A is addressed by strides, A(i,p) = a[i·aRow + p·aCol], so a transposed
/// A costs nothing; B and C are row-major with leading dimensions ldb and ldc.
/// </summary>
/// <remarks>
/// Hot path, written for speed: nearly all of nano's FLOPs go through here. A 4-row × 64-column register tile of
/// Vector512 accumulators (Vector256: 4 × 32, then scalar) walks a panel of KC rows of B that stays in L2; row
/// blocks are spread over threads. Every C element is one chain of fused multiply-adds in p order, on every path,
/// so the result does not depend on the thread count or on which tile computed it.
/// </remarks>
internal static unsafe class Gemm
{
    private const int RowsPerTile = 4;

    // A panel of B with KC rows (256 × 512 floats = 512 KB at most here) stays in L2 while every row block uses it.
    private const int KC = 256;

    public static void Multiply(
        float* a, int aRow, int aCol, float* b, int ldb, float* c, int ldc, int m, int k, int n, bool accumulate) =>
        Multiply(a, aRow, aCol, b, ldb, c, ldc, m, k, n, accumulate, parallel: true);

    /// <summary>As <see cref="Multiply(float*, int, int, float*, int, float*, int, int, int, int, bool)"/>, on the calling thread only when <paramref name="parallel"/> is false.</summary>
    public static void Multiply(
        float* a, int aRow, int aCol, float* b, int ldb, float* c, int ldc, int m, int k, int n, bool accumulate, bool parallel)
    {
        if (m == 0 || n == 0)
            return;
        if (k == 0)
        {
            if (!accumulate)
            {
                for (int i = 0; i < m; i++)
                    new Span<float>(c + ((long)i * ldc), n).Clear();
            }

            return;
        }

        int blocks = (m + RowsPerTile - 1) / RowsPerTile;
        int tail = Vector512.IsHardwareAccelerated ? n % 16 : 0;
        // The last n mod 16 columns of B, zero-padded to 16, so the tail also runs on vectors.
        float[]? tailPanel = tail > 0 ? new float[Math.Min(KC, k) * 16] : null;
        fixed (float* panel = tailPanel)
        {
            for (int k0 = 0; k0 < k; k0 += KC)
            {
                int kc = Math.Min(KC, k - k0);
                bool acc = accumulate || k0 > 0;
                float* bk = b + ((long)k0 * ldb);
                for (int p = 0; p < kc && tail > 0; p++)
                {
                    for (int j = 0; j < tail; j++)
                        panel[(p * 16) + j] = bk[((long)p * ldb) + n - tail + j];
                }

                nint pa = (nint)(a + ((long)k0 * aCol)), pb = (nint)bk, pc = (nint)c, pp = (nint)panel;
                void Rows(int start, int end)
                {
                    for (int blk = start; blk < end; blk++)
                    {
                        int i0 = blk * RowsPerTile;
                        int rows = Math.Min(RowsPerTile, m - i0);
                        RowBlock((float*)pa + ((long)i0 * aRow), aRow, aCol, (float*)pb, ldb,
                            (float*)pc + ((long)i0 * ldc), ldc, rows, kc, n, acc, (float*)pp, tail);
                    }
                }

                if (parallel)
                {
                    // Aim for at least ~256 KFLOP per task so scheduling stays negligible.
                    NanoThreads.For(blocks, Math.Max(1, (1 << 18) / Math.Max(1, RowsPerTile * kc * n * 2)), Rows);
                }
                else
                {
                    Rows(0, blocks);
                }
            }
        }
    }

    private static void RowBlock(
        float* a, int aRow, int aCol, float* b, int ldb, float* c, int ldc, int rows, int kc, int n, bool acc, float* panel, int tail)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            int full = n - tail;
            if (rows == RowsPerTile)
            {
                for (; j + 64 <= full; j += 64)
                    Tile4x64(a, aRow, aCol, b + j, ldb, c + j, ldc, kc, acc);
                for (; j + 16 <= full; j += 16)
                    Tile4x16(a, aRow, aCol, b + j, ldb, c + j, ldc, kc, acc);
            }
            else
            {
                for (int i = 0; i < rows; i++)
                {
                    int jj = 0;
                    for (; jj + 64 <= full; jj += 64)
                        Tile1x64(a + ((long)i * aRow), aCol, b + jj, ldb, c + ((long)i * ldc) + jj, kc, acc);
                    for (; jj + 16 <= full; jj += 16)
                        Tile1x16(a + ((long)i * aRow), aCol, b + jj, ldb, c + ((long)i * ldc) + jj, kc, acc);
                }

                j = full;
            }

            if (tail > 0)
            {
                // The tail tile works on a 4×16 copy of C, so padding columns never touch memory past the row.
                float* t = stackalloc float[RowsPerTile * 16];
                for (int i = 0; i < RowsPerTile; i++)
                {
                    for (int jj = 0; jj < 16; jj++)
                        t[(i * 16) + jj] = i < rows && jj < tail && acc ? c[((long)i * ldc) + full + jj] : 0f;
                }

                Tile4x16(a, aRow, aCol, panel, 16, t, 16, kc, acc, rows);
                for (int i = 0; i < rows; i++)
                {
                    for (int jj = 0; jj < tail; jj++)
                        c[((long)i * ldc) + full + jj] = t[(i * 16) + jj];
                }

                return;
            }
        }
        else if (rows == RowsPerTile && Vector256.IsHardwareAccelerated)
        {
            for (; j + 32 <= n; j += 32)
                Tile4x32(a, aRow, aCol, b + j, ldb, c + j, ldc, kc, acc);
        }

        for (int i = 0; i < rows; i++)
            Scalar(a + ((long)i * aRow), aCol, b, ldb, c + ((long)i * ldc), j, n, kc, acc);
    }

    private static void Tile4x64(float* a, int aRow, int aCol, float* b, int ldb, float* c, int ldc, int kc, bool acc)
    {
        float* c0 = c, c1 = c + ldc, c2 = c + (2 * ldc), c3 = c + (3 * ldc);
        Vector512<float> x00, x01, x02, x03, x10, x11, x12, x13, x20, x21, x22, x23, x30, x31, x32, x33;
        if (acc)
        {
            x00 = Vector512.Load(c0); x01 = Vector512.Load(c0 + 16); x02 = Vector512.Load(c0 + 32); x03 = Vector512.Load(c0 + 48);
            x10 = Vector512.Load(c1); x11 = Vector512.Load(c1 + 16); x12 = Vector512.Load(c1 + 32); x13 = Vector512.Load(c1 + 48);
            x20 = Vector512.Load(c2); x21 = Vector512.Load(c2 + 16); x22 = Vector512.Load(c2 + 32); x23 = Vector512.Load(c2 + 48);
            x30 = Vector512.Load(c3); x31 = Vector512.Load(c3 + 16); x32 = Vector512.Load(c3 + 32); x33 = Vector512.Load(c3 + 48);
        }
        else
        {
            x00 = x01 = x02 = x03 = x10 = x11 = x12 = x13 = Vector512<float>.Zero;
            x20 = x21 = x22 = x23 = x30 = x31 = x32 = x33 = Vector512<float>.Zero;
        }

        float* a0 = a, a1 = a + aRow, a2 = a + (2 * aRow), a3 = a + (3 * aRow);
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var b2 = Vector512.Load(b + 32);
            var b3 = Vector512.Load(b + 48);
            var s = Vector512.Create(*a0);
            x00 = Vector512.FusedMultiplyAdd(s, b0, x00); x01 = Vector512.FusedMultiplyAdd(s, b1, x01);
            x02 = Vector512.FusedMultiplyAdd(s, b2, x02); x03 = Vector512.FusedMultiplyAdd(s, b3, x03);
            s = Vector512.Create(*a1);
            x10 = Vector512.FusedMultiplyAdd(s, b0, x10); x11 = Vector512.FusedMultiplyAdd(s, b1, x11);
            x12 = Vector512.FusedMultiplyAdd(s, b2, x12); x13 = Vector512.FusedMultiplyAdd(s, b3, x13);
            s = Vector512.Create(*a2);
            x20 = Vector512.FusedMultiplyAdd(s, b0, x20); x21 = Vector512.FusedMultiplyAdd(s, b1, x21);
            x22 = Vector512.FusedMultiplyAdd(s, b2, x22); x23 = Vector512.FusedMultiplyAdd(s, b3, x23);
            s = Vector512.Create(*a3);
            x30 = Vector512.FusedMultiplyAdd(s, b0, x30); x31 = Vector512.FusedMultiplyAdd(s, b1, x31);
            x32 = Vector512.FusedMultiplyAdd(s, b2, x32); x33 = Vector512.FusedMultiplyAdd(s, b3, x33);
            a0 += aCol; a1 += aCol; a2 += aCol; a3 += aCol;
            b += ldb;
        }

        x00.Store(c0); x01.Store(c0 + 16); x02.Store(c0 + 32); x03.Store(c0 + 48);
        x10.Store(c1); x11.Store(c1 + 16); x12.Store(c1 + 32); x13.Store(c1 + 48);
        x20.Store(c2); x21.Store(c2 + 16); x22.Store(c2 + 32); x23.Store(c2 + 48);
        x30.Store(c3); x31.Store(c3 + 16); x32.Store(c3 + 32); x33.Store(c3 + 48);
    }

    private static void Tile4x16(float* a, int aRow, int aCol, float* b, int ldb, float* c, int ldc, int kc, bool acc, int rows = RowsPerTile)
    {
        float* c0 = c, c1 = c + ldc, c2 = c + (2 * ldc), c3 = c + (3 * ldc);
        var x0 = acc ? Vector512.Load(c0) : Vector512<float>.Zero;
        var x1 = acc ? Vector512.Load(c1) : Vector512<float>.Zero;
        var x2 = acc ? Vector512.Load(c2) : Vector512<float>.Zero;
        var x3 = acc ? Vector512.Load(c3) : Vector512<float>.Zero;
        // With fewer rows, the missing ones repeat the last real row (aRow = 0 repeats row 0).
        float* a0 = a, a1 = a + (Math.Min(1, rows - 1) * (long)aRow), a2 = a + (Math.Min(2, rows - 1) * (long)aRow), a3 = a + (Math.Min(3, rows - 1) * (long)aRow);
        for (int p = 0; p < kc; p++)
        {
            var bv = Vector512.Load(b);
            x0 = Vector512.FusedMultiplyAdd(Vector512.Create(*a0), bv, x0);
            x1 = Vector512.FusedMultiplyAdd(Vector512.Create(*a1), bv, x1);
            x2 = Vector512.FusedMultiplyAdd(Vector512.Create(*a2), bv, x2);
            x3 = Vector512.FusedMultiplyAdd(Vector512.Create(*a3), bv, x3);
            a0 += aCol; a1 += aCol; a2 += aCol; a3 += aCol;
            b += ldb;
        }

        x0.Store(c0); x1.Store(c1); x2.Store(c2); x3.Store(c3);
    }

    // One row (decoding a single sequence): a matrix–vector product, bound by reading B.
    private static void Tile1x64(float* a, int aCol, float* b, int ldb, float* c, int kc, bool acc)
    {
        var x0 = acc ? Vector512.Load(c) : Vector512<float>.Zero;
        var x1 = acc ? Vector512.Load(c + 16) : Vector512<float>.Zero;
        var x2 = acc ? Vector512.Load(c + 32) : Vector512<float>.Zero;
        var x3 = acc ? Vector512.Load(c + 48) : Vector512<float>.Zero;
        for (int p = 0; p < kc; p++)
        {
            var s = Vector512.Create(*a);
            x0 = Vector512.FusedMultiplyAdd(s, Vector512.Load(b), x0);
            x1 = Vector512.FusedMultiplyAdd(s, Vector512.Load(b + 16), x1);
            x2 = Vector512.FusedMultiplyAdd(s, Vector512.Load(b + 32), x2);
            x3 = Vector512.FusedMultiplyAdd(s, Vector512.Load(b + 48), x3);
            a += aCol;
            b += ldb;
        }

        x0.Store(c); x1.Store(c + 16); x2.Store(c + 32); x3.Store(c + 48);
    }

    private static void Tile1x16(float* a, int aCol, float* b, int ldb, float* c, int kc, bool acc)
    {
        var x = acc ? Vector512.Load(c) : Vector512<float>.Zero;
        for (int p = 0; p < kc; p++)
        {
            x = Vector512.FusedMultiplyAdd(Vector512.Create(*a), Vector512.Load(b), x);
            a += aCol;
            b += ldb;
        }

        x.Store(c);
    }

    private static void Tile4x32(float* a, int aRow, int aCol, float* b, int ldb, float* c, int ldc, int kc, bool acc)
    {
        float* c0 = c, c1 = c + ldc, c2 = c + (2 * ldc), c3 = c + (3 * ldc);
        Vector256<float> x00, x01, x02, x03, x10, x11, x12, x13, x20, x21, x22, x23, x30, x31, x32, x33;
        if (acc)
        {
            x00 = Vector256.Load(c0); x01 = Vector256.Load(c0 + 8); x02 = Vector256.Load(c0 + 16); x03 = Vector256.Load(c0 + 24);
            x10 = Vector256.Load(c1); x11 = Vector256.Load(c1 + 8); x12 = Vector256.Load(c1 + 16); x13 = Vector256.Load(c1 + 24);
            x20 = Vector256.Load(c2); x21 = Vector256.Load(c2 + 8); x22 = Vector256.Load(c2 + 16); x23 = Vector256.Load(c2 + 24);
            x30 = Vector256.Load(c3); x31 = Vector256.Load(c3 + 8); x32 = Vector256.Load(c3 + 16); x33 = Vector256.Load(c3 + 24);
        }
        else
        {
            x00 = x01 = x02 = x03 = x10 = x11 = x12 = x13 = Vector256<float>.Zero;
            x20 = x21 = x22 = x23 = x30 = x31 = x32 = x33 = Vector256<float>.Zero;
        }

        float* a0 = a, a1 = a + aRow, a2 = a + (2 * aRow), a3 = a + (3 * aRow);
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var b2 = Vector256.Load(b + 16);
            var b3 = Vector256.Load(b + 24);
            var s = Vector256.Create(*a0);
            x00 = Vector256.FusedMultiplyAdd(s, b0, x00); x01 = Vector256.FusedMultiplyAdd(s, b1, x01);
            x02 = Vector256.FusedMultiplyAdd(s, b2, x02); x03 = Vector256.FusedMultiplyAdd(s, b3, x03);
            s = Vector256.Create(*a1);
            x10 = Vector256.FusedMultiplyAdd(s, b0, x10); x11 = Vector256.FusedMultiplyAdd(s, b1, x11);
            x12 = Vector256.FusedMultiplyAdd(s, b2, x12); x13 = Vector256.FusedMultiplyAdd(s, b3, x13);
            s = Vector256.Create(*a2);
            x20 = Vector256.FusedMultiplyAdd(s, b0, x20); x21 = Vector256.FusedMultiplyAdd(s, b1, x21);
            x22 = Vector256.FusedMultiplyAdd(s, b2, x22); x23 = Vector256.FusedMultiplyAdd(s, b3, x23);
            s = Vector256.Create(*a3);
            x30 = Vector256.FusedMultiplyAdd(s, b0, x30); x31 = Vector256.FusedMultiplyAdd(s, b1, x31);
            x32 = Vector256.FusedMultiplyAdd(s, b2, x32); x33 = Vector256.FusedMultiplyAdd(s, b3, x33);
            a0 += aCol; a1 += aCol; a2 += aCol; a3 += aCol;
            b += ldb;
        }

        x00.Store(c0); x01.Store(c0 + 8); x02.Store(c0 + 16); x03.Store(c0 + 24);
        x10.Store(c1); x11.Store(c1 + 8); x12.Store(c1 + 16); x13.Store(c1 + 24);
        x20.Store(c2); x21.Store(c2 + 8); x22.Store(c2 + 16); x23.Store(c2 + 24);
        x30.Store(c3); x31.Store(c3 + 8); x32.Store(c3 + 16); x33.Store(c3 + 24);
    }

    // Columns [j0, n) of one row: the tail the tiles leave, and every column when no SIMD is available.
    private static void Scalar(float* a, int aCol, float* b, int ldb, float* c, int j0, int n, int kc, bool acc)
    {
        for (int j = j0; j < n; j++)
        {
            float sum = acc ? c[j] : 0f;
            float* ap = a;
            float* bp = b + j;
            for (int p = 0; p < kc; p++)
            {
                sum = MathF.FusedMultiplyAdd(*ap, *bp, sum);
                ap += aCol;
                bp += ldb;
            }

            c[j] = sum;
        }
    }
}
