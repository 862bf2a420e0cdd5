namespace Assay.Publishing;

/// <summary>The files a publication can hold; <see cref="DatasetFormats"/> names their files and says which are public.</summary>
public enum DatasetFormat
{
    /// <summary><c>sft.jsonl</c>: chat SFT, one <c>messages</c> conversation per positive rollout.</summary>
    Sft,

    /// <summary><c>prompt_completion.jsonl</c>: <c>prompt</c> and <c>completion</c> per positive rollout.</summary>
    PromptCompletion,

    /// <summary><c>distill.jsonl</c>: positive rollouts with per-token top-k log-probabilities.</summary>
    Distill,

    /// <summary><c>rollouts.parquet</c>: every positive rollout, log-probabilities nested, in one Parquet file.</summary>
    Parquet,

    /// <summary><c>dpo.jsonl</c>: <c>prompt</c>, <c>chosen</c>, <c>rejected</c> from the same problem. Holds negative
    /// rollouts, so it is never public.</summary>
    Dpo,
}
