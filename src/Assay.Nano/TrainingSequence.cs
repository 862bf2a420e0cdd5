namespace Assay.Nano;

/// <summary>One example as next-token pairs: inputs[i] predicts targets[i], which counts with weights[i].</summary>
internal sealed record TrainingSequence(int[] Inputs, int[] Targets, float[] Weights)
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
}
