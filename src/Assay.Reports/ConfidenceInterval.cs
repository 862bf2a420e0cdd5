namespace Assay.Reports;

/// <summary>An interval that covers the true value with probability <paramref name="Level"/>.</summary>
public sealed record ConfidenceInterval(double Lower, double Upper, double Level);
