namespace Assay.Cluster;

/// <summary>A rate limit's shared state in the limits bucket: which window is current and how many permits of it are
/// leased.</summary>
/// <param name="Window">The window's index: Unix time / window length.</param>
/// <param name="Used">Permits leased in that window, by every worker together.</param>
public sealed record RateWindow(long Window, long Used);
