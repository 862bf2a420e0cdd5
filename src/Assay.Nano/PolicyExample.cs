namespace Assay.Nano;

/// <summary>One sampled answer to a prompt with its advantage, for a policy-gradient step (GRPO).</summary>
/// <param name="Prompt">The prompt the policy answered.</param>
/// <param name="Answer">What it sampled (the end token is appended, as it was sampled).</param>
/// <param name="Advantage">Âᵢ of the answer's group (<see cref="GroupAdvantages"/>).</param>
public sealed record PolicyExample(string Prompt, string Answer, double Advantage);
