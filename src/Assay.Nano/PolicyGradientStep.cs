namespace Assay.Nano;

/// <summary>
/// Turns one training batch's cross-entropy pass into a GRPO step: after the forward pass it reads log π_θ of every
/// answer token, evaluates <see cref="GrpoObjective.Token"/> against the stored π_old and π_ref, and reweights the
/// pass so its backward gives ∂L/∂θ (the weight of a token is −∂L/∂log π_θ, scaled by 1/|oᵢ|, normalised by B).
/// </summary>
internal sealed class PolicyGradientStep(GrpoObjective objective, TrainingSequence[] sequences, double[] advantages, float[][] oldLogprobs, float[][]? refLogprobs)
{
    private float[] _weights = [];

    /// <summary>Reweights <paramref name="pass"/> (after its forward) and returns the batch's loss L.</summary>
    public float Apply(BatchPass pass, int[] batch, int time)
    {
        int n = batch.Length * time;
        if (_weights.Length < n)
            _weights = new float[n];
        Array.Clear(_weights, 0, n);
        double loss = 0;
        for (int row = 0; row < batch.Length; row++)
        {
            int example = batch[row];
            var s = sequences[example];
            int answerTokens = s.Weights.Count(w => w != 0);
            for (int t = 0; t < s.Inputs.Length; t++)
            {
                if (s.Weights[t] == 0)
                    continue;
                int r = (row * time) + t;
                float logRef = refLogprobs is null ? 0f : refLogprobs[example][t];
                var (term, gradient) = objective.Token(pass.TargetLogprob(r), oldLogprobs[example][t], logRef, advantages[example]);
                loss += term / answerTokens;
                _weights[r] = (float)(-gradient / answerTokens);
            }
        }

        pass.Reweight(_weights.AsSpan(0, n), batch.Length);
        return (float)(loss / batch.Length);
    }

    /// <summary>log p(targets[t]) under <paramref name="model"/> at every position of <paramref name="sequence"/> (one forward pass).</summary>
    public static float[] TargetLogprobs(NanoModel model, TrainingSequence sequence)
    {
        var rows = NanoSampler.TokenProbabilities(model, [.. sequence.Inputs, sequence.Targets[^1]]);
        var logprobs = new float[sequence.Inputs.Length];
        for (int t = 0; t < logprobs.Length; t++)
            logprobs[t] = MathF.Log(rows[t][sequence.Targets[t]]);
        return logprobs;
    }
}
