namespace Assay.Reports;

/// <summary>Everything the report says about one model on one suite (all its campaigns pooled).</summary>
/// <param name="Model">Policy name.</param>
/// <param name="Suite">Suite name.</param>
/// <param name="CampaignIds">The campaigns pooled, in id order.</param>
/// <param name="Problems">Distinct problems with at least one rollout.</param>
/// <param name="Rollouts">All rollouts (for each slot, the attempt that counts), infrastructure failures and refused requests included.</param>
/// <param name="InfrastructureFailures">Rollouts whose verdict is an <see cref="InfrastructureFailure"/>.</param>
/// <param name="InfrastructureFailureShare">InfrastructureFailures / Rollouts.</param>
/// <param name="VerifiedSolutions">Rollouts that passed.</param>
/// <param name="PassAtK">One estimate per k.</param>
/// <param name="Tokens">Prompt plus completion tokens of all rollouts.</param>
/// <param name="Cost">Money of all rollouts, in US dollars.</param>
/// <param name="RolloutsPerSolution">Rollouts / VerifiedSolutions, or null with no solution.</param>
/// <param name="TokensPerSolution">Tokens / VerifiedSolutions, or null with no solution.</param>
/// <param name="CostPerSolution">Cost / VerifiedSolutions, or null with no solution.</param>
/// <param name="ProblemsHardestFirst">Per-problem solve rates, lowest rate first; problems with no scored sample last.</param>
/// <param name="Verifiers">The isolation levels and verifier identities of the scored samples' verdicts, most samples first.</param>
public sealed record ModelSuiteReport(
    string Model,
    string Suite,
    IReadOnlyList<string> CampaignIds,
    int Problems,
    int Rollouts,
    int InfrastructureFailures,
    double InfrastructureFailureShare,
    int VerifiedSolutions,
    IReadOnlyList<PassAtKEstimate> PassAtK,
    long Tokens,
    decimal Cost,
    double? RolloutsPerSolution,
    double? TokensPerSolution,
    decimal? CostPerSolution,
    IReadOnlyList<ProblemSolveRate> ProblemsHardestFirst,
    IReadOnlyList<VerifierTally> Verifiers)
{
    /// <summary>Rollouts the service refused (<see cref="Assay.Core.VerdictStatus.Refused"/>): like infrastructure
    /// failures, not samples, so left out of pass@k's n.</summary>
    public int Refused { get; init; }

    /// <summary>Infrastructure failures and refused requests grouped by reason, most first.</summary>
    public IReadOnlyList<FailureCount> FailureReasons { get; init; } = [];
}
