using Assay.Archive.Results;
using Assay.Reports;
using Assay.Service.ResultsApi.Contracts;

namespace Assay.Service.ResultsApi;

/// <summary>
/// The leaderboard, progress and per-problem views, computed from visible <see cref="ProblemTally"/> counts with the
/// report's own pass@k estimator and bootstrap (<see cref="ReportBuilder.EstimatePassAtK"/>), so a subscriber's
/// leaderboard gives the figures <c>assay report --all</c> gives for the same rollouts.
/// </summary>
internal static class TallyViews
{
    public static IReadOnlyList<LeaderboardEntry> Leaderboard(IReadOnlyList<ProblemTally> tallies, string suite, ReportOptions options) =>
    [
        .. tallies
            .GroupBy(t => t.Model, StringComparer.Ordinal)
            .Select(model =>
            {
                var rates = Rates(model);
                var passAtK = ReportBuilder.EstimatePassAtK(rates, options, model.Key, suite).Select(ToValue).ToList();
                var solutions = model.Sum(t => t.Passed);
                var cost = model.Sum(t => t.Cost);
                return new LeaderboardEntry(
                    model.Key,
                    [.. model.Select(t => t.CampaignId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                    rates.Count,
                    model.Sum(t => t.Samples),
                    solutions,
                    model.Sum(t => t.Attempts),
                    passAtK,
                    model.Sum(t => t.Tokens),
                    cost,
                    solutions == 0 ? null : cost / solutions);
            })
            .OrderByDescending(e => e.PassAtK.Count > 0 ? e.PassAtK[0].Value ?? -1 : -1)
            .ThenBy(e => e.Model, StringComparer.Ordinal),
    ];

    public static IReadOnlyList<ProgressPoint> Progress(IReadOnlyList<ProblemTally> tallies, ReportOptions options) =>
    [
        .. tallies
            .GroupBy(t => t.CampaignId, StringComparer.Ordinal)
            .Select(campaign =>
            {
                var first = campaign.First();
                var rates = Rates(campaign);
                var solutions = campaign.Sum(t => t.Passed);
                var cost = campaign.Sum(t => t.Cost);
                var passAt1 = ReportBuilder.EstimatePassAtK(rates, options with { Ks = [1] }, first.Model, campaign.Key)[0];
                return new ProgressPoint(
                    campaign.Key, first.Suite, first.CampaignCreatedAt, rates.Count, campaign.Sum(t => t.Samples), solutions,
                    ToValue(passAt1), cost, solutions == 0 ? null : cost / solutions);
            })
            .OrderBy(p => p.StartedAt)
            .ThenBy(p => p.CampaignId, StringComparer.Ordinal),
    ];

    public static IReadOnlyList<ProblemRateItem> Problems(IReadOnlyList<ProblemTally> tallies) =>
    [
        .. tallies
            .GroupBy(t => t.Model, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(model => Rates(model).Select(r => new ProblemRateItem(model.Key, r.ProblemId, r.Samples, r.Passed, r.Rate))),
    ];

    // A problem's counts pooled over the campaigns given, in the order the report's bootstrap draws them.
    private static List<ProblemSolveRate> Rates(IEnumerable<ProblemTally> tallies) => ReportBuilder.HardestFirst(tallies
        .GroupBy(t => t.ProblemId, StringComparer.Ordinal)
        .Select(p =>
        {
            var samples = (int)p.Sum(t => t.Samples);
            var passed = (int)p.Sum(t => t.Passed);
            return new ProblemSolveRate(p.Key, samples, passed, (int)p.Sum(t => t.Attempts - t.Samples), samples == 0 ? null : (double)passed / samples);
        }));

    private static PassAtKValue ToValue(PassAtKEstimate estimate) => new(
        estimate.K, estimate.Value, estimate.Interval?.Lower, estimate.Interval?.Upper, estimate.Interval?.Level, estimate.NotComputable);
}
