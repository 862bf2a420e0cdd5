namespace Assay.Nano;

/// <summary>
/// One example as next-token pairs: inputs[i] predicts targets[i], which counts with weights[i]; for distillation,
/// Teacher[i·V..] is the teacher's distribution for position i (zero rows where the weight is 0).
/// </summary>
internal sealed record TrainingSequence(int[] Inputs, int[] Targets, float[] Weights, float[]? Teacher = null)
{
    /// <summary>
    /// &lt;|user|&gt; prompt &lt;|assistant|&gt; answer &lt;|end|&gt;, shifted by one; only targets in the answer
    /// and the end token count, with the example's weight.
    /// </summary>
    public static TrainingSequence FromExample(TrainingExample example, int index, int context)
    {
        ArgumentNullException.ThrowIfNull(example.Prompt, $"examples[{index}].Prompt");
        ArgumentNullException.ThrowIfNull(example.Answer, $"examples[{index}].Answer");
        int[] prompt = NanoTokenizer.EncodeChat(example.Prompt);
        int[] answer = NanoTokenizer.Encode(example.Answer);
        int length = prompt.Length + answer.Length; // tokens + end − 1
        if (length > context)
        {
            throw new ArgumentException(
                $"Training example {index} is {length + 1} tokens long (prompt {prompt.Length}, answer {answer.Length}, end 1); " +
                $"the model's context holds {context + 1}.");
        }

        var tokens = new int[length + 1];
        prompt.CopyTo(tokens, 0);
        answer.CopyTo(tokens, prompt.Length);
        tokens[^1] = NanoTokenizer.End;
        var weights = new float[length];
        // Target i is tokens[i + 1]; the first answer token is tokens[prompt.Length].
        for (int i = prompt.Length - 1; i < length; i++)
            weights[i] = example.Weight;
        return new TrainingSequence(tokens[..^1], tokens[1..], weights);
    }

    /// <summary>As <see cref="FromExample"/>, with the teacher's rows (renormalised) on the answer positions.</summary>
    public static TrainingSequence FromDistillation(DistillationExample example, int index, int context)
    {
        ArgumentNullException.ThrowIfNull(example.Teacher, $"examples[{index}].Teacher");
        var plain = FromExample(new TrainingExample(example.Prompt, example.Answer, example.Weight), index, context);
        int v = NanoTokenizer.VocabularySize;
        int answerStart = plain.Inputs.Length - example.Answer.Length - 1; // position predicting the first answer token
        if (example.Teacher.Count != example.Answer.Length + 1)
            throw new ArgumentException($"Distillation example {index} has {example.Teacher.Count} teacher rows; its answer needs {example.Answer.Length + 1} (one per answer token and one for the end token).");
        var teacher = new float[plain.Inputs.Length * v];
        for (int i = 0; i < example.Teacher.Count; i++)
        {
            var row = example.Teacher[i];
            if (row is null || row.Length != v)
                throw new ArgumentException($"Distillation example {index}, teacher row {i}: expected {v} probabilities, got {row?.Length ?? 0}.");
            double sum = 0;
            foreach (float q in row)
            {
                if (!(q >= 0) || float.IsInfinity(q))
                    throw new ArgumentException($"Distillation example {index}, teacher row {i}: probabilities must be finite and ≥ 0.");
                sum += q;
            }

            if (sum <= 0)
                throw new ArgumentException($"Distillation example {index}, teacher row {i}: all probabilities are 0.");
            for (int j = 0; j < v; j++)
                teacher[((answerStart + i) * v) + j] = (float)(row[j] / sum);
        }

        return plain with { Teacher = teacher };
    }
}
