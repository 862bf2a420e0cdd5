using Assay.Core;

namespace Assay.Nano;

/// <summary>
/// A (prompt, answer) pair with the teacher's next-token distribution at every answer position: Teacher[i] is over
/// the full vocabulary (<see cref="NanoTokenizer.VocabularySize"/> values) for the i-th answer token, and the last
/// row is for the &lt;|end|&gt; token, so there are answer length + 1 rows. Rows need not sum to 1 (top-k rows hold
/// zeros outside the k): each is renormalised. The loss is forward KL(teacher ‖ student), scaled by Weight.
/// </summary>
public sealed record DistillationExample(string Prompt, string Answer, IReadOnlyList<float[]> Teacher, float Weight = 1f)
{
    /// <summary>The teacher's full distributions along the answer, from a nano teacher (one forward pass).</summary>
    public static DistillationExample FromTeacher(NanoModel teacher, string prompt, string answer)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(answer);
        int[] promptTokens = NanoTokenizer.EncodeChat(prompt);
        int[] tokens = [.. promptTokens, .. NanoTokenizer.Encode(answer)];
        var rows = NanoSampler.TokenProbabilities(teacher, tokens);
        return new DistillationExample(prompt, answer, rows[(promptTokens.Length - 1)..]);
    }

    /// <summary>
    /// Top-k distillation from logprobs as an API returns them (<see cref="TokenLogprob"/> per answer token and one
    /// for the end token): each row holds the chosen token and its alternatives, zero elsewhere.
    /// </summary>
    /// <exception cref="ArgumentException">A token is not one of nano's (the teacher used another tokenizer).</exception>
    public static DistillationExample FromLogprobs(string prompt, string answer, IReadOnlyList<TokenLogprob> logprobs)
    {
        ArgumentNullException.ThrowIfNull(logprobs);
        var rows = new List<float[]>(logprobs.Count);
        for (int i = 0; i < logprobs.Count; i++)
        {
            var row = new float[NanoTokenizer.VocabularySize];
            foreach (var (token, logprob) in logprobs[i].Top.Select(t => (t.Token, t.Logprob)).Append((logprobs[i].Token, logprobs[i].Logprob)))
            {
                int id = NanoTokenizer.IdOfToken(token)
                    ?? throw new ArgumentException($"logprobs[{i}]: token '{token}' is not a nano token; distillation needs the teacher's tokenizer.", nameof(logprobs));
                row[id] = (float)Math.Exp(logprob);
            }

            rows.Add(row);
        }

        return new DistillationExample(prompt, answer, rows);
    }
}
