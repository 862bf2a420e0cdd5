namespace Assay.Archive.Results;

/// <summary>Which tallies to read; every filter is optional and matched exactly.</summary>
/// <param name="Suite">Only campaigns of this suite.</param>
/// <param name="Model">Only campaigns of this model.</param>
/// <param name="ReleasedAfter">Only problems whose release date, stored with their campaign, is after this date; problems
/// with no known date are left out.</param>
public sealed record TallyQuery(string? Suite = null, string? Model = null, DateOnly? ReleasedAfter = null);
