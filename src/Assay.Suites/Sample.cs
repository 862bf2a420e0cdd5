namespace Assay.Suites;

/// <summary>One candidate answer from a samples file: human-eval's <c>{"task_id", "completion"}</c> per line.</summary>
/// <param name="TaskId">The problem answered.</param>
/// <param name="Completion">The answer; for code problems it continues the problem's prompt.</param>
/// <param name="Line">1-based line in the samples file, for error messages and results.</param>
public sealed record Sample(string TaskId, string Completion, int Line);
