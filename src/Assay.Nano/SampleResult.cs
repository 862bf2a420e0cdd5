using Assay.Core;

namespace Assay.Nano;

/// <summary>One sample.</summary>
/// <param name="Text">The completion, without &lt;|end|&gt; and cut before a stop string.</param>
/// <param name="FinishReason">Why it ended.</param>
/// <param name="PromptTokens">Tokens in the prompt, chat markers included.</param>
/// <param name="CompletionTokens">Tokens generated, the final end token or stop-string characters included.</param>
/// <param name="TokenIds">The generated token ids.</param>
/// <param name="Logprobs">Per generated token, its log-probability under the model (temperature 1, before top-k and
/// top-p) and the most likely alternatives; null unless asked for.</param>
public sealed record SampleResult(
    string Text, FinishReason FinishReason, int PromptTokens, int CompletionTokens,
    IReadOnlyList<int> TokenIds, IReadOnlyList<TokenLogprob>? Logprobs);
