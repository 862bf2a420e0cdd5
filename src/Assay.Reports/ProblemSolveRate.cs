namespace Assay.Reports;

/// <summary>How often one problem was solved.</summary>
/// <param name="ProblemId">The problem.</param>
/// <param name="Samples">Scored samples (infrastructure failures excluded).</param>
/// <param name="Passed">Samples that passed.</param>
/// <param name="InfrastructureFailures">Rollouts lost to infrastructure failures.</param>
/// <param name="Rate">Passed / Samples, or null when no sample was scored.</param>
public sealed record ProblemSolveRate(string ProblemId, int Samples, int Passed, int InfrastructureFailures, double? Rate);
