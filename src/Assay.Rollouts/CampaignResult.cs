using Assay.Core;

namespace Assay.Rollouts;

/// <summary>What one run of a campaign did.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Planned">Problems × N.</param>
/// <param name="AlreadyArchived">Slots found settled at the start (skipped): archived, and not an infrastructure failure to retry.</param>
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
    TimeSpan Elapsed)
{
    /// <summary>Of the rollouts archived by this run, requests the service refused.</summary>
    public int Refused { get; init; }

    /// <summary>Of the rollouts archived by this run, slots asked again as a new attempt (their latest attempt had been an
    /// infrastructure failure).</summary>
    public int Retried { get; init; }

    /// <summary>Rollouts an earlier run had spilled and this run archived before it planned.</summary>
    public int Replayed { get; init; }

    /// <summary>Of the rollouts this run was answered, those the archive holds now (the rest are in <see cref="SpillPath"/>).</summary>
    public int Stored { get; init; }

    /// <summary>The spill file, or null when the run had none; it is gone once the archive holds everything.</summary>
    public string? SpillPath { get; init; }

    /// <summary>What failed in the archive, in words, when <see cref="StopReason"/> is <see cref="CampaignStopReason.ArchiveFailure"/>.</summary>
    public string? ArchiveFailure { get; init; }

    /// <summary>US dollars the campaign had spent before this run (counted against its budget).</summary>
    public decimal SpentBefore { get; init; }

    /// <summary>This run's infrastructure failures and refusals grouped by reason, most frequent first.</summary>
    public IReadOnlyList<FailureReason> FailureReasons { get; init; } = [];

    /// <summary>How many of this run's scored verdicts carry each isolation level, most first.</summary>
    public IReadOnlyList<KeyValuePair<Isolation, int>> Isolations { get; init; } = [];
}
