using System.Text.Json.Serialization;

namespace Assay.Publishing;

/// <summary>One row of <c>rollouts.parquet</c>: a published rollout; the column names are the JSONL datasets' field names.</summary>
public sealed class ParquetRow
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("campaign_id")]
    public string CampaignId { get; set; } = "";

    [JsonPropertyName("problem_id")]
    public string ProblemId { get; set; } = "";

    [JsonPropertyName("sample_index")]
    public int SampleIndex { get; set; }

    [JsonPropertyName("attempt")]
    public int Attempt { get; set; }

    [JsonPropertyName("model")]
    public string Model { get; set; } = "";

    [JsonPropertyName("system")]
    public string? System { get; set; }

    [JsonPropertyName("prompt")]
    public string Prompt { get; set; } = "";

    [JsonPropertyName("completion")]
    public string Completion { get; set; } = "";

    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; set; }

    [JsonPropertyName("verifier")]
    public string Verifier { get; set; } = "";

    [JsonPropertyName("reward")]
    public double Reward { get; set; }

    [JsonPropertyName("prompt_tokens")]
    public int PromptTokens { get; set; }

    [JsonPropertyName("completion_tokens")]
    public int CompletionTokens { get; set; }

    /// <summary>When the rollout was scored, UTC.</summary>
    [JsonPropertyName("created_at")]
    public DateTime CreatedAt { get; set; }

    /// <summary>The teacher's tokens with their log-probabilities and alternatives; null when none were archived.</summary>
    [JsonPropertyName("logprobs")]
    public List<ParquetToken>? Logprobs { get; set; }
}
