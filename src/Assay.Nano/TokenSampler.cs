using System.Numerics.Tensors;
using Assay.Core;

namespace Assay.Nano;

/// <summary>Picks the next token from logits: greedy at temperature 0, else softmax(z/τ) restricted by top-k and top-p.</summary>
internal sealed class TokenSampler(SamplingRequest request, int vocabulary)
{
    private readonly float[] _probs = new float[vocabulary];
    private readonly int[] _order = new int[vocabulary];

    /// <summary>The chosen token id.</summary>
    public int Pick(ReadOnlySpan<float> logits, Random random)
    {
        if (request.Temperature == 0)
            return TensorPrimitives.IndexOfMax(logits);
        TensorPrimitives.Divide(logits, request.Temperature, _probs);
        float max = TensorPrimitives.Max(_probs.AsSpan());
        TensorPrimitives.Subtract(_probs, max, _probs);
        TensorPrimitives.Exp(_probs, _probs);
        if (request.TopK == 0 && request.TopP >= 1)
            return Draw(random);

        // Candidates by falling probability, ties by id, so the cut-offs are reproducible.
        for (int i = 0; i < _order.Length; i++)
            _order[i] = i;
        Array.Sort(_order, (a, b) => _probs[a] != _probs[b] ? _probs[b].CompareTo(_probs[a]) : a.CompareTo(b));
        int keep = request.TopK > 0 ? Math.Min(request.TopK, _order.Length) : _order.Length;
        double total = 0;
        for (int i = 0; i < keep; i++)
            total += _probs[_order[i]];
        if (request.TopP < 1)
        {
            double cumulative = 0;
            for (int i = 0; i < keep; i++)
            {
                cumulative += _probs[_order[i]] / total;
                if (cumulative >= request.TopP)
                {
                    keep = i + 1;
                    break;
                }
            }

            total = 0;
            for (int i = 0; i < keep; i++)
                total += _probs[_order[i]];
        }

        double u = random.NextDouble() * total;
        for (int i = 0; i < keep; i++)
        {
            u -= _probs[_order[i]];
            if (u < 0)
                return _order[i];
        }

        return _order[keep - 1];
    }

    // Inverse CDF over all tokens in id order; no sort needed when nothing is cut off.
    private int Draw(Random random)
    {
        double total = 0;
        foreach (float p in _probs)
            total += p;
        double u = random.NextDouble() * total;
        for (int i = 0; i < _probs.Length; i++)
        {
            u -= _probs[i];
            if (u < 0)
                return i;
        }

        return TensorPrimitives.IndexOfMax(_probs);
    }

    /// <summary>log softmax(logits) at <paramref name="token"/> and the <paramref name="top"/> most likely alternatives.</summary>
    public static TokenLogprob Logprob(ReadOnlySpan<float> logits, int token, int top)
    {
        double max = TensorPrimitives.Max(logits);
        double sum = 0;
        foreach (float z in logits)
            sum += Math.Exp(z - max);
        double logZ = max + Math.Log(sum);
        var alternatives = new List<TopLogprob>(top);
        if (top > 0)
        {
            var ids = Enumerable.Range(0, logits.Length).ToArray();
            var values = logits.ToArray();
            Array.Sort(ids, (a, b) => values[a] != values[b] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
            for (int i = 0; i < Math.Min(top, ids.Length); i++)
                alternatives.Add(new TopLogprob(NanoTokenizer.TokenText(ids[i]), values[ids[i]] - logZ));
        }

        return new TokenLogprob(NanoTokenizer.TokenText(token), logits[token] - logZ, alternatives);
    }
}
