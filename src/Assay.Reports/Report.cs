namespace Assay.Reports;

/// <summary>A report: one entry per (model, suite), ordered by model then suite.</summary>
/// <param name="Entries">The entries.</param>
/// <param name="Options">How it was computed.</param>
public sealed record Report(IReadOnlyList<ModelSuiteReport> Entries, ReportOptions Options);
