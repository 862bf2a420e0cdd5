namespace Assay.Rollouts;

/// <summary>What one run of a campaign did.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Planned">Problems × N.</param>
/// <param name="AlreadyArchived">Rollouts found archived at the start (skipped).</param>
/// <param name="Archived">Rollouts scored and archived by this run.</param>
/// <param name="Passed">Of those, passed.</param>
/// <param name="InfrastructureFailures">Of those, infrastructure failures.</param>
/// <param name="PromptTokens">Prompt tokens billed to this run.</param>
/// <param name="CompletionTokens">Completion tokens billed to this run.</param>
/// <param name="Cost">US dollars spent by this run.</param>
/// <param name="StopReason">Why the run ended.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record CampaignResult(
    string CampaignId,
    int Planned,
    int AlreadyArchived,
    int Archived,
    int Passed,
    int InfrastructureFailures,
    long PromptTokens,
    long CompletionTokens,
    decimal Cost,
    CampaignStopReason StopReason,
    TimeSpan Elapsed);
