using System.Globalization;
using Assay.Core;

namespace Assay.Archive;

/// <summary>A <c>rollouts</c> row as Dapper reads it (column aliases match the property names).</summary>
internal sealed class RolloutRow
{
    public string Id { get; set; } = "";
    public string CampaignId { get; set; } = "";
    public string ProblemId { get; set; } = "";
    public int SampleIndex { get; set; }
    public string Model { get; set; } = "";
    public string Request { get; set; } = "";
    public string Completion { get; set; } = "";
    public string? FinishReason { get; set; }
    public string? Logprobs { get; set; }
    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }
    public long LatencyUs { get; set; }
    /// <summary>Read as text: SQLite hands a NUMERIC back as INTEGER or REAL row by row, and text parses
    /// exactly from both engines.</summary>
    public string CostUsd { get; set; } = "0";
    public string VerdictStatus { get; set; } = "";
    public double VerdictReward { get; set; }
    public string VerdictDetail { get; set; } = "";
    public string VerdictIsolation { get; set; } = "";
    public long VerdictElapsedUs { get; set; }
    public string VerdictVerifier { get; set; } = "";
    public long CreatedAtUs { get; set; }
    public int Attempt { get; set; }

    /// <summary>The columns in insert order; both backends write them in exactly this order.</summary>
    public const string Columns =
        "id, campaign_id, problem_id, sample_index, model, request, completion, finish_reason, logprobs, " +
        "prompt_tokens, completion_tokens, latency_us, cost_usd, verdict_status, verdict_reward, verdict_detail, " +
        "verdict_isolation, verdict_elapsed_us, verdict_verifier, created_at_us, attempt";

    public const string SelectColumns =
        "id AS Id, campaign_id AS CampaignId, problem_id AS ProblemId, sample_index AS SampleIndex, model AS Model, " +
        "request AS Request, completion AS Completion, finish_reason AS FinishReason, logprobs AS Logprobs, " +
        "prompt_tokens AS PromptTokens, completion_tokens AS CompletionTokens, latency_us AS LatencyUs, CAST(cost_usd AS TEXT) AS CostUsd, " +
        "verdict_status AS VerdictStatus, verdict_reward AS VerdictReward, verdict_detail AS VerdictDetail, " +
        "verdict_isolation AS VerdictIsolation, verdict_elapsed_us AS VerdictElapsedUs, verdict_verifier AS VerdictVerifier, " +
        "created_at_us AS CreatedAtUs, attempt AS Attempt";

    public Rollout ToRollout() => new(
        Id,
        CampaignId,
        ProblemId,
        SampleIndex,
        Model,
        Request,
        Completion,
        FinishReason,
        LogprobsJson.Deserialize(Logprobs, Id),
        PromptTokens,
        CompletionTokens,
        ArchiveColumns.ToDuration(LatencyUs),
        decimal.Parse(CostUsd, NumberStyles.Float, CultureInfo.InvariantCulture),
        new Verdict(
            ArchiveColumns.ToStatus(VerdictStatus),
            VerdictReward,
            VerdictDetail,
            ArchiveColumns.ToIsolation(VerdictIsolation),
            ArchiveColumns.ToDuration(VerdictElapsedUs))
        {
            Verifier = VerdictVerifier,
        },
        ArchiveColumns.ToTime(CreatedAtUs),
        Attempt);
}
