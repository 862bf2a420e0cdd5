using Dapper;

namespace Assay.Archive.Results;

/// <summary>
/// The rows of the archive a caller may see, as SQL: <see cref="AccessPolicy"/> decides which, this writes it into
/// the queries. <see cref="Cutoff"/> null means everything; otherwise only rollouts created at or before it count,
/// and one by one only the positive ones.
/// </summary>
public sealed class RolloutVisibility
{
    private const long MicrosecondsPerDay = 86_400_000_000;

    private RolloutVisibility(DateTimeOffset? cutoff) => Cutoff = cutoff;

    /// <summary>Every rollout, negative ones included, the moment it is archived.</summary>
    public static RolloutVisibility Everything { get; } = new(null);

    /// <summary>The last instant a visible rollout may have been created at, or null for no limit.</summary>
    public DateTimeOffset? Cutoff { get; }

    /// <summary>Rollouts created at or before <paramref name="cutoff"/>; one by one, only those that passed.</summary>
    public static RolloutVisibility ReleasedBy(DateTimeOffset cutoff) => new(cutoff);

    private long CutoffUs => ArchiveColumns.ToMicroseconds(Cutoff!.Value);

    /// <summary>The condition on a <c>rollouts</c> row (aliased <paramref name="alias"/>) for reading it one by one.</summary>
    internal string RolloutCondition(string alias) => Cutoff is null
        ? "1 = 1"
        : $"{alias}created_at_us <= @visible_cutoff_us AND {alias}verdict_status = 'passed'";

    /// <summary>The condition on a <c>campaigns</c> row (aliased <paramref name="alias"/>): started by the cut-off.</summary>
    internal string CampaignCondition(string alias) => Cutoff is null ? "1 = 1" : $"{alias}created_at_us <= @visible_cutoff_us";

    /// <summary>
    /// A subquery of visible per-problem counts (campaign_id, problem_id, attempts, samples, passed, tokens, cost_usd),
    /// one or more rows per (campaign, problem): the kept tallies of whole days before the cut-off's day, and the
    /// rollouts of that day up to the cut-off itself, counted the way the tally trigger counts them.
    /// </summary>
    internal string TallySource() => Cutoff is null
        ? "SELECT campaign_id, problem_id, attempts, samples, passed, tokens, cost_usd FROM rollout_tallies"
        : "SELECT campaign_id, problem_id, attempts, samples, passed, tokens, cost_usd FROM rollout_tallies WHERE day < @visible_cutoff_day " +
          "UNION ALL SELECT campaign_id, problem_id, 1, " +
          "CASE WHEN verdict_status IN ('infrastructure', 'refused') THEN 0 ELSE 1 END, " +
          "CASE WHEN verdict_status = 'passed' THEN 1 ELSE 0 END, " +
          "prompt_tokens + completion_tokens, cost_usd FROM rollouts " +
          "WHERE created_at_us >= @visible_day_start_us AND created_at_us <= @visible_cutoff_us";

    /// <summary>Adds the parameters the conditions above name.</summary>
    internal void Bind(DynamicParameters parameters)
    {
        if (Cutoff is null)
        {
            return;
        }

        var cutoff = CutoffUs;
        var day = Math.DivRem(cutoff, MicrosecondsPerDay).Quotient;
        parameters.Add("visible_cutoff_us", cutoff);
        parameters.Add("visible_cutoff_day", day);
        parameters.Add("visible_day_start_us", day * MicrosecondsPerDay);
    }
}
