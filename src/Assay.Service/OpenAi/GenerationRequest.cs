namespace Assay.Service.OpenAi;

/// <summary>What an OpenAI-style request asks of the model, after validation; shared by chat and text completions.</summary>
/// <param name="Model">Requested model id.</param>
/// <param name="Messages">Chat turns (role, content); null for a text completion.</param>
/// <param name="Prompt">The text prompt of a text completion; null for chat.</param>
/// <param name="N">Samples to draw.</param>
/// <param name="Temperature">Sampling temperature; 0 is greedy.</param>
/// <param name="TopP">Nucleus sampling mass.</param>
/// <param name="MaxTokens">Largest number of generated tokens.</param>
/// <param name="Stop">Stop strings (up to 4).</param>
/// <param name="Seed">Seed for reproducible sampling.</param>
/// <param name="TopLogprobs">Null: no log-probabilities; otherwise how many alternatives per token (0-20).</param>
/// <param name="Stream">Answer with server-sent events.</param>
/// <param name="StreamUsage">Send a final usage chunk when streaming.</param>
/// <param name="Echo">Text completions: prepend the prompt to the answer.</param>
public sealed record GenerationRequest(
    string Model,
    IReadOnlyList<(string Role, string Content)>? Messages,
    string? Prompt,
    int N,
    double Temperature,
    double TopP,
    int MaxTokens,
    IReadOnlyList<string> Stop,
    long? Seed,
    int? TopLogprobs,
    bool Stream,
    bool StreamUsage,
    bool Echo);
