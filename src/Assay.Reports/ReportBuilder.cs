using System.Globalization;
using Assay.Core;

namespace Assay.Reports;

/// <summary>Computes a <see cref="Report"/> from archived rollouts and the campaigns they belong to.</summary>
public static class ReportBuilder
{
    /// <summary>
    /// Groups <paramref name="rollouts"/> by (model, suite), the suite being their campaign's, and computes each
    /// entry. Every rollout's campaign must be among <paramref name="campaigns"/>.
    /// </summary>
    public static Report Build(IEnumerable<Rollout> rollouts, IEnumerable<Campaign> campaigns, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rollouts);
        ArgumentNullException.ThrowIfNull(campaigns);
        options ??= new ReportOptions();
        if (options.EffectiveKs.Any(k => k < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Every k of pass@k must be at least 1.");
        }

        var suiteOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var campaign in campaigns)
        {
            suiteOf[campaign.Id] = campaign.Suite;
        }

        var groups = new SortedDictionary<(string Model, string Suite), List<Rollout>>(KeyOrder.Instance);
        foreach (var rollout in rollouts)
        {
            if (!suiteOf.TryGetValue(rollout.CampaignId, out var suite))
            {
                throw new ArgumentException(
                    $"Rollout {rollout.Id} belongs to campaign '{rollout.CampaignId}', which is not among the campaigns given.", nameof(rollouts));
            }

            var key = (rollout.Model, suite);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }

            list.Add(rollout);
        }

        return new Report([.. groups.Select(g => BuildEntry(g.Key.Model, g.Key.Suite, g.Value, options))], options);
    }

    private static ModelSuiteReport BuildEntry(string model, string suite, List<Rollout> rollouts, ReportOptions options)
    {
        var rates = rollouts
            .GroupBy(r => r.ProblemId, StringComparer.Ordinal)
            .Select(g =>
            {
                var infrastructure = g.Count(r => InfrastructureFailure.Is(r.Verdict));
                var samples = g.Count(r => !RolloutFailures.IsNotASample(r.Verdict));
                var passed = g.Count(r => r.Verdict.Passed);
                return new ProblemSolveRate(g.Key, samples, passed, infrastructure, samples == 0 ? null : (double)passed / samples);
            });
        var problems = HardestFirst(rates);

        var infrastructureFailures = problems.Sum(p => p.InfrastructureFailures);
        var solutions = problems.Sum(p => p.Passed);
        var tokens = rollouts.Sum(r => (long)r.PromptTokens + r.CompletionTokens);
        var cost = rollouts.Sum(r => r.Cost);
        return new ModelSuiteReport(
            model,
            suite,
            [.. rollouts.Select(r => r.CampaignId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            problems.Count,
            rollouts.Count,
            infrastructureFailures,
            (double)infrastructureFailures / rollouts.Count,
            solutions,
            EstimatePassAtK(problems, options, model, suite),
            tokens,
            cost,
            solutions == 0 ? null : (double)rollouts.Count / solutions,
            solutions == 0 ? null : (double)tokens / solutions,
            solutions == 0 ? null : cost / solutions,
            problems,
            TallyVerifiers(rollouts))
        {
            Refused = rollouts.Count(r => r.Verdict.Status == VerdictStatus.Refused),
            FailureReasons = CountFailures(rollouts),
        };
    }

    private static List<FailureCount> CountFailures(List<Rollout> rollouts) => [.. rollouts
        .Where(r => RolloutFailures.IsNotASample(r.Verdict))
        .GroupBy(r => (r.Verdict.Status, Reason: RolloutFailures.ReasonOf(r.Verdict)))
        .Select(g => new FailureCount(g.Key.Status, g.Key.Reason, g.Count()))
        .OrderByDescending(f => f.Rollouts)
        .ThenBy(f => f.Status)
        .ThenBy(f => f.Reason, StringComparer.Ordinal)];

    private static List<VerifierTally> TallyVerifiers(List<Rollout> rollouts) => [.. rollouts
        .Where(r => !RolloutFailures.IsNotASample(r.Verdict))
        .GroupBy(r => (r.Verdict.Isolation, r.Verdict.Verifier))
        .Select(g => new VerifierTally(g.Key.Isolation, g.Key.Verifier, g.Count()))
        .OrderByDescending(t => t.Samples)
        .ThenBy(t => t.Isolation)
        .ThenBy(t => t.Verifier, StringComparer.Ordinal)];

    /// <summary>Solve rates in the order reports list them and the bootstrap draws them: lowest rate first, problems with
    /// no scored sample last, ties by id.</summary>
    public static List<ProblemSolveRate> HardestFirst(IEnumerable<ProblemSolveRate> problems) => [.. problems
        .OrderBy(p => p.Rate is null)
        .ThenBy(p => p.Rate)
        .ThenBy(p => p.ProblemId, StringComparer.Ordinal)];

    /// <summary>
    /// pass@k for each of <paramref name="options"/>' k over <paramref name="problems"/> (at least one, ordered by
    /// <see cref="HardestFirst"/>), with bootstrap intervals seeded by (model, suite): the same figures
    /// <c>assay report</c> gives for the same counts.
    /// </summary>
    public static List<PassAtKEstimate> EstimatePassAtK(IReadOnlyList<ProblemSolveRate> problems, ReportOptions options, string model, string suite)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count, nameof(problems));
        var fewest = problems.Min(p => p.Samples);
        var computable = options.EffectiveKs.Where(k => k <= fewest).ToList();
        var perProblem = computable
            .Select(k => problems.Select(p => PassAtK.Estimate(p.Samples, p.Passed, k)!.Value).ToArray())
            .ToList();

        // One seeded generator per entry, so adding a model to the archive does not move another model's interval.
        var random = new Random(unchecked((options.Seed * 31) + StableHash($"{model}\n{suite}")));
        var intervals = BootstrapInterval.Compute(perProblem, options.Resamples, options.Confidence, random);

        var estimates = new List<PassAtKEstimate>();
        foreach (var k in options.EffectiveKs)
        {
            var index = computable.IndexOf(k);
            if (index < 0)
            {
                var why = string.Create(CultureInfo.InvariantCulture, $"not computable: a problem has {fewest} scored samples, fewer than k = {k}");
                estimates.Add(new PassAtKEstimate(k, null, null, why));
                continue;
            }

            estimates.Add(new PassAtKEstimate(k, Mean(perProblem[index]), intervals[index], null));
        }

        return estimates;
    }

    // Summed in problem order, exactly as the bootstrap sums a resample, so equal inputs give equal means.
    private static double Mean(double[] values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum / values.Length;
    }

    // string.GetHashCode and HashCode are randomised per process; reports must not be.
    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    private sealed class KeyOrder : IComparer<(string Model, string Suite)>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare((string Model, string Suite) x, (string Model, string Suite) y)
        {
            var byModel = string.CompareOrdinal(x.Model, y.Model);
            return byModel != 0 ? byModel : string.CompareOrdinal(x.Suite, y.Suite);
        }
    }
}
