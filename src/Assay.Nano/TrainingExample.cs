namespace Assay.Nano;

/// <summary>
/// One (prompt, answer) pair. nano trains on &lt;|user|&gt; prompt &lt;|assistant|&gt; answer &lt;|end|&gt; with
/// the loss on the answer tokens and the end token only, each scaled by <paramref name="Weight"/> (1 for SFT; a
/// GRPO advantage, for instance, may be negative).
/// </summary>
public sealed record TrainingExample(string Prompt, string Answer, float Weight = 1f);
