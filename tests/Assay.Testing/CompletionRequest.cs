namespace Assay.Testing;

/// <summary>What a loopback server saw of one <c>/v1/chat/completions</c> request.</summary>
/// <param name="Model">The <c>model</c> field.</param>
/// <param name="Prompt">The last message's content.</param>
/// <param name="Seed">The <c>seed</c> field, if sent.</param>
/// <param name="MaxTokens">The <c>max_completion_tokens</c> (or <c>max_tokens</c>) field, if sent.</param>
/// <param name="Logprobs">Whether <c>logprobs</c> was true.</param>
/// <param name="TopLogprobs">The <c>top_logprobs</c> field, if sent.</param>
public sealed record CompletionRequest(string Model, string Prompt, long? Seed, int? MaxTokens, bool Logprobs, int? TopLogprobs);
