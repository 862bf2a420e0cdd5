namespace Assay.Reports;

/// <summary>pass@k for one model on one suite: the mean over problems of the unbiased estimator.</summary>
/// <param name="K">k.</param>
/// <param name="Value">The estimate, or null when not computable.</param>
/// <param name="Interval">Percentile bootstrap interval over problems, or null when not computable.</param>
/// <param name="NotComputable">Why there is no estimate (some problem has fewer than k scored samples), else null.</param>
public sealed record PassAtKEstimate(int K, double? Value, ConfidenceInterval? Interval, string? NotComputable);
