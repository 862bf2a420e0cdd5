using Assay.Core;

namespace Assay.Nano;

/// <summary>How <see cref="NanoSampler"/> samples.</summary>
public sealed record SamplingRequest
{
    /// <summary>Samples drawn for the prompt, in one batch.</summary>
    public int N { get; init; } = 1;

    /// <summary>Most tokens per sample (the model's context may stop it sooner).</summary>
    public int MaxTokens { get; init; } = 256;

    /// <summary>Softmax temperature; 0 picks the most likely token (greedy).</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Keep only the k most likely tokens (0: all).</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of most likely tokens whose probability reaches p (1: all).</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Strings that end a sample; the text is cut before the first one.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Seed; sample i draws from its own stream derived from (seed, i). Null: a fresh random seed.</summary>
    public int? Seed { get; init; }

    /// <summary>Return each token's log-probability.</summary>
    public bool Logprobs { get; init; }

    /// <summary>With <see cref="Logprobs"/>, this many most likely alternatives per position.</summary>
    public int TopLogprobs { get; init; }

    /// <summary>Wrap the prompt as a chat turn (&lt;|user|&gt; prompt &lt;|assistant|&gt;); false continues raw text.</summary>
    public bool Chat { get; init; } = true;

    /// <summary>The request for Assay's sampling settings, n samples per prompt.</summary>
    public static SamplingRequest FromSettings(SamplingSettings settings, int n)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new SamplingRequest
        {
            N = n,
            MaxTokens = settings.MaxTokens,
            Temperature = (float)settings.Temperature,
            TopP = (float)settings.TopP,
            Seed = settings.Seed,
            Logprobs = settings.TopLogprobs is not null,
            TopLogprobs = settings.TopLogprobs ?? 0,
        };
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field out of range.</summary>
    public void Validate()
    {
        if (N < 1)
            throw new ArgumentException($"SamplingRequest.N must be at least 1, got {N}.");
        if (MaxTokens < 0)
            throw new ArgumentException($"SamplingRequest.MaxTokens must not be negative, got {MaxTokens}.");
        if (!(Temperature >= 0) || float.IsInfinity(Temperature))
            throw new ArgumentException($"SamplingRequest.Temperature must be a finite number ≥ 0, got {Temperature}.");
        if (TopK < 0)
            throw new ArgumentException($"SamplingRequest.TopK must not be negative, got {TopK}.");
        if (!(TopP > 0 && TopP <= 1))
            throw new ArgumentException($"SamplingRequest.TopP must lie in (0, 1], got {TopP}.");
        if (TopLogprobs < 0)
            throw new ArgumentException($"SamplingRequest.TopLogprobs must not be negative, got {TopLogprobs}.");
        if (Stop is null || Stop.Any(string.IsNullOrEmpty))
            throw new ArgumentException("SamplingRequest.Stop must not contain null or empty strings.");
    }
}
