using System.Globalization;

namespace Assay.Reports;

/// <summary>How the table and Markdown renderers spell numbers, so both say the same thing.</summary>
internal static class CellText
{
    public const string NotComputable = "n/a";

    /// <summary>Heads the table of <see cref="ModelSuiteReport.Verifiers"/>.</summary>
    public const string VerifiersHeading = "scored samples by isolation level and verifier (infrastructure failures and refused requests left out)";

    /// <summary>Heads the table of <see cref="ModelSuiteReport.FailureReasons"/>.</summary>
    public const string FailuresHeading = "rollouts that are not samples (left out of pass@k), by reason";

    /// <summary>The campaigns a report covers, so it never pools them silently.</summary>
    public static string Campaigns(Report report) =>
        "campaigns: " + string.Join(", ", report.Entries.SelectMany(e => e.CampaignIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    public static string PassAtK(PassAtKEstimate estimate) =>
        estimate.Value is not { } value
            ? NotComputable
            : estimate.Interval is { } interval
                ? string.Create(CultureInfo.InvariantCulture, $"{value:0.000} [{interval.Lower:0.000}, {interval.Upper:0.000}]")
                : Fixed(value, "0.000");

    public static string Share(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.0}%");

    /// <summary>A count and its share of the rollouts: infrastructure failures are counted apart, never hidden in a rate.</summary>
    public static string CountAndShare(int count, double share) => $"{Count(count)} ({Share(share)})";

    public static string Rate(double? rate) => rate is { } value ? Fixed(value, "0.000") : NotComputable;

    public static string PerSolution(double? value) => value is { } v ? Fixed(v, "0.0") : NotComputable;

    public static string Money(decimal? dollars) =>
        dollars is { } value ? "$" + value.ToString("0.######", CultureInfo.InvariantCulture) : NotComputable;

    public static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);

    private static string Fixed(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
