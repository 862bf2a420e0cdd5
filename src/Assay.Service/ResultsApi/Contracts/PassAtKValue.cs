namespace Assay.Service.ResultsApi.Contracts;

/// <summary>pass@k with its bootstrap interval over problems, or why it cannot be computed.</summary>
public sealed record PassAtKValue(int K, double? Value, double? Lower, double? Upper, double? Level, string? NotComputable);
