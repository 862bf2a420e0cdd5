namespace Assay.Service.ResultsApi.Contracts;

/// <summary>A page of rollouts, newest first; <c>next</c> is the <c>after</c> of the following page, null on the last.</summary>
public sealed record RolloutListResponse(IReadOnlyList<RolloutItem> Rollouts, string? Next);
