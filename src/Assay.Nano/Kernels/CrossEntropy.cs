using System.Numerics.Tensors;

namespace Assay.Nano.Kernels;

/// <summary>
/// Softmax cross-entropy with a weight per position: loss = Σ_r w_r·(logsumexp(z_r) − z_r[y_r]) / norm, where norm
/// is the number of positions that count (w ≠ 0). A weight of 0 masks a position (prompt, padding).
/// </summary>
internal static unsafe class CrossEntropy
{
    /// <summary>probs[N,V] = softmax(logits); losses[r] = −log probs[r, target[r]] (0 where the weight is 0).</summary>
    public static void Forward(float* probs, float* losses, float* logits, ReadOnlySpan<int> targets, ReadOnlySpan<float> weights, int rows, int vocabulary)
    {
        for (int r = 0; r < rows; r++)
        {
            var z = new ReadOnlySpan<float>(logits + ((long)r * vocabulary), vocabulary);
            float logZ = Softmax(z, new Span<float>(probs + ((long)r * vocabulary), vocabulary));
            losses[r] = weights[r] == 0 ? 0f : logZ - z[targets[r]];
        }
    }

    /// <summary>dlogits[r] = (probs[r] − onehot(y_r))·w_r / norm (overwritten).</summary>
    public static void Backward(float* dLogits, float* probs, ReadOnlySpan<int> targets, ReadOnlySpan<float> weights, float norm, int rows, int vocabulary)
    {
        for (int r = 0; r < rows; r++)
        {
            var d = new Span<float>(dLogits + ((long)r * vocabulary), vocabulary);
            float scale = weights[r] / norm;
            if (scale == 0)
            {
                d.Clear();
                continue;
            }

            TensorPrimitives.Multiply(new ReadOnlySpan<float>(probs + ((long)r * vocabulary), vocabulary), scale, d);
            d[targets[r]] -= scale;
        }
    }

    /// <summary>
    /// Soft targets (distillation): with teacher rows q[N,V] summing to 1, losses[r] = KL(q_r ‖ softmax(z_r)) =
    /// Σ_v q·(log q − log p), and probs[N,V] = softmax(logits).
    /// </summary>
    public static void ForwardSoft(float* probs, float* losses, float* logits, ReadOnlySpan<float> teacher, ReadOnlySpan<float> weights, int rows, int vocabulary)
    {
        for (int r = 0; r < rows; r++)
        {
            var z = new ReadOnlySpan<float>(logits + ((long)r * vocabulary), vocabulary);
            float logZ = Softmax(z, new Span<float>(probs + ((long)r * vocabulary), vocabulary));
            if (weights[r] == 0)
            {
                losses[r] = 0;
                continue;
            }

            var q = teacher.Slice(r * vocabulary, vocabulary);
            double kl = 0;
            for (int v = 0; v < vocabulary; v++)
            {
                if (q[v] > 0)
                    kl += q[v] * (Math.Log(q[v]) - (z[v] - logZ));
            }

            losses[r] = (float)kl;
        }
    }

    /// <summary>dlogits[r] = (probs[r] − q[r])·w_r / norm (overwritten).</summary>
    public static void BackwardSoft(float* dLogits, float* probs, ReadOnlySpan<float> teacher, ReadOnlySpan<float> weights, float norm, int rows, int vocabulary)
    {
        for (int r = 0; r < rows; r++)
        {
            var d = new Span<float>(dLogits + ((long)r * vocabulary), vocabulary);
            float scale = weights[r] / norm;
            if (scale == 0)
            {
                d.Clear();
                continue;
            }

            TensorPrimitives.Subtract(new ReadOnlySpan<float>(probs + ((long)r * vocabulary), vocabulary), teacher.Slice(r * vocabulary, vocabulary), d);
            TensorPrimitives.Multiply(d, scale, d);
        }
    }

    /// <summary>p = softmax(z), max-subtracted; returns logsumexp(z).</summary>
    private static float Softmax(ReadOnlySpan<float> z, Span<float> p)
    {
        float max = TensorPrimitives.Max(z);
        TensorPrimitives.Subtract(z, max, p);
        TensorPrimitives.Exp(p, p);
        float sum = TensorPrimitives.Sum(p);
        TensorPrimitives.Multiply(p, 1f / sum, p);
        return max + MathF.Log(sum);
    }
}
