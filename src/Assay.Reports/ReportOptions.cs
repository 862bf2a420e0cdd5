namespace Assay.Reports;

/// <summary>How a report is computed.</summary>
/// <param name="Ks">The k of each pass@k; defaults to 1, 10 and 100.</param>
/// <param name="Resamples">Bootstrap resamples of the problems behind each interval.</param>
/// <param name="Confidence">Coverage of the intervals, e.g. 0.95.</param>
/// <param name="Seed">Seeds the resampling, so the same archive always gives the same report.</param>
public sealed record ReportOptions(IReadOnlyList<int>? Ks = null, int Resamples = 1000, double Confidence = 0.95, int Seed = 2021)
{
    /// <summary><see cref="Ks"/>, or 1, 10 and 100.</summary>
    public IReadOnlyList<int> EffectiveKs => Ks ?? [1, 10, 100];
}
