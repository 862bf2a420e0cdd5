using Assay.Core;

namespace Assay.Nano;

/// <summary>
/// What one sample added since its last delta, for streaming: text that can no longer be cut by a stop string, the
/// generated tokens' log-probabilities up to the end of that text (all remaining ones in the last delta, which may
/// include the end token), and, in its last delta, why it ended.
/// </summary>
/// <param name="Index">Which of the request's n samples.</param>
/// <param name="Text">New text; may be empty.</param>
/// <param name="Logprobs">Log-probabilities of the tokens behind <paramref name="Text"/>; null unless asked for.</param>
/// <param name="Finish">Set in the sample's last delta only.</param>
public sealed record SampleDelta(int Index, string Text, IReadOnlyList<TokenLogprob>? Logprobs, FinishReason? Finish);
