namespace Assay.Rollouts;

/// <summary>What a model states about its context, for the pre-flight's prompt-length check.</summary>
/// <param name="Tokens">The context length in tokens: prompt and answer together.</param>
/// <param name="CountPromptTokens">Tokens a prompt takes, exactly (nano's tokenizer) or as a lower bound.</param>
/// <param name="Exact">True when <paramref name="CountPromptTokens"/> is the model's own tokenizer.</param>
/// <param name="Source">Where the length was stated, for messages (<c>nano's config</c>, <c>GET …/models</c>).</param>
public sealed record ModelContext(int Tokens, Func<string, int> CountPromptTokens, bool Exact, string Source)
{
    /// <summary>
    /// Bytes per token that no common tokenizer exceeds on prose or code: a prompt of more than this many bytes per
    /// token of context cannot fit whatever the tokenizer, so a remote model's prompt is counted as bytes / 8.
    /// </summary>
    public const int MaxBytesPerToken = 8;

    /// <summary>A remote model's context, with prompts counted by the lower bound UTF-8 bytes / <see cref="MaxBytesPerToken"/>.</summary>
    public static ModelContext Stated(int tokens, string source) =>
        new(tokens, prompt => (System.Text.Encoding.UTF8.GetByteCount(prompt) + MaxBytesPerToken - 1) / MaxBytesPerToken, Exact: false, source);
}
