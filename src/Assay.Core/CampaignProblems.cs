using System.Text.RegularExpressions;

namespace Assay.Core;

/// <summary>Which of a suite's problems a campaign runs (<c>--problems PATTERN</c>, <c>--limit N</c>), stored with it so a
/// resume runs the same ones.</summary>
/// <param name="Pattern">A glob on problem ids (<c>*</c> any run of characters, <c>?</c> one character); null for all.</param>
/// <param name="Limit">At most this many problems, the first in suite order after the pattern; null for no limit.</param>
public sealed record CampaignProblems(string? Pattern, int? Limit)
{
    /// <summary>Every problem of the suite.</summary>
    public static CampaignProblems All { get; } = new(null, null);

    /// <summary>The problems of <paramref name="suite"/> this selection keeps, in suite order.</summary>
    public IReadOnlyList<Problem> Select(IReadOnlyList<Problem> suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        IEnumerable<Problem> kept = suite;
        if (Pattern is { } pattern)
        {
            var glob = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
                RegexOptions.CultureInvariant | RegexOptions.Singleline);
            kept = kept.Where(p => glob.IsMatch(p.Id));
        }

        if (Limit is { } limit)
        {
            kept = kept.Take(limit);
        }

        return [.. kept];
    }
}
