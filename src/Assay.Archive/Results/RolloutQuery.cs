using Assay.Core;

namespace Assay.Archive.Results;

/// <summary>A page of the rollout list, newest first: exact-match filters, the page size, and where the last page ended.</summary>
public sealed record RolloutQuery(
    string? Model = null,
    string? Suite = null,
    string? ProblemId = null,
    VerdictStatus? Verdict = null,
    int Limit = 50,
    RolloutCursor? After = null);
