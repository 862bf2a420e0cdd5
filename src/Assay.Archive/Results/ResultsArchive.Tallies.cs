using System.Globalization;
using System.Text;
using Dapper;

namespace Assay.Archive.Results;

public sealed partial class ResultsArchive
{
    /// <summary>
    /// Per (campaign, problem), the counts of the rollouts <paramref name="visibility"/> shows, summed in SQL from the
    /// tallies the archive keeps current as rollouts land (see migration 009), in (campaign, problem) order.
    /// </summary>
    public async Task<IReadOnlyList<ProblemTally>> TalliesAsync(RolloutVisibility visibility, TallyQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new DynamicParameters();
        visibility.Bind(parameters);
        var sql = new StringBuilder(
            "SELECT c.id AS CampaignId, c.model AS Model, c.suite AS Suite, c.created_at_us AS CampaignCreatedAtUs, v.problem_id AS ProblemId, " +
            "SUM(v.attempts) AS Attempts, SUM(v.samples) AS Samples, SUM(v.passed) AS Passed, SUM(v.tokens) AS Tokens, " +
            "CAST(SUM(v.cost_usd) AS TEXT) AS Cost " +
            $"FROM ({visibility.TallySource()}) v JOIN campaigns c ON c.id = v.campaign_id WHERE 1 = 1");
        if (query.Suite is not null)
        {
            sql.Append(" AND c.suite = @suite");
            parameters.Add("suite", query.Suite);
        }

        if (query.Model is not null)
        {
            sql.Append(" AND c.model = @model");
            parameters.Add("model", query.Model);
        }

        if (query.ReleasedAfter is { } releasedAfter)
        {
            // release_date is yyyy-MM-dd text, so text order is date order on both engines.
            sql.Append(" AND EXISTS (SELECT 1 FROM campaign_problems cp WHERE cp.campaign_id = v.campaign_id AND cp.problem_id = v.problem_id AND cp.release_date > @released_after)");
            parameters.Add("released_after", releasedAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        sql.Append(" GROUP BY c.id, c.model, c.suite, c.created_at_us, v.problem_id ORDER BY c.id, v.problem_id");
        await using var connection = await _archive.OpenDbConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TallyRow>(new CommandDefinition(sql.ToString(), parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToTally())];
    }

    private sealed class TallyRow
    {
        public string CampaignId { get; set; } = "";
        public string Model { get; set; } = "";
        public string Suite { get; set; } = "";
        public long CampaignCreatedAtUs { get; set; }
        public string ProblemId { get; set; } = "";
        public long Attempts { get; set; }
        public long Samples { get; set; }
        public long Passed { get; set; }
        public long Tokens { get; set; }
        public string? Cost { get; set; }

        public ProblemTally ToTally() => new(
            CampaignId, Model, Suite, ArchiveColumns.ToTime(CampaignCreatedAtUs), ProblemId, Attempts, Samples, Passed, Tokens,
            Cost is null ? 0m : decimal.Parse(Cost, NumberStyles.Float, CultureInfo.InvariantCulture));
    }
}
