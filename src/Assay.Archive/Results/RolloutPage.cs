namespace Assay.Archive.Results;

/// <summary>A page of rollouts and, when more follow, the cursor of the next page.</summary>
public sealed record RolloutPage(IReadOnlyList<RolloutSummary> Items, RolloutCursor? Next);
