using System.Globalization;
using System.Text;
using Dapper;

namespace Assay.Archive.Results;

public sealed partial class ResultsArchive
{
    /// <summary>The most rows one page may ask for.</summary>
    public const int MaxPageSize = 500;

    /// <summary>A page of the rollouts <paramref name="visibility"/> shows, newest first (every attempt is its own row).</summary>
    public async Task<RolloutPage> RolloutsAsync(RolloutVisibility visibility, RolloutQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxPageSize, nameof(query));
        var parameters = new DynamicParameters();
        visibility.Bind(parameters);
        var sql = new StringBuilder(
            "SELECT r.id AS Id, r.campaign_id AS CampaignId, c.suite AS Suite, r.problem_id AS ProblemId, r.sample_index AS SampleIndex, " +
            "r.attempt AS Attempt, r.model AS Model, r.verdict_status AS Verdict, r.verdict_reward AS Reward, r.prompt_tokens AS PromptTokens, " +
            "r.completion_tokens AS CompletionTokens, r.latency_us AS LatencyUs, CAST(r.cost_usd AS TEXT) AS Cost, r.created_at_us AS CreatedAtUs " +
            $"FROM rollouts r JOIN campaigns c ON c.id = r.campaign_id WHERE {visibility.RolloutCondition("r.")}");
        Filter(sql, parameters, "r.model", "model", query.Model);
        Filter(sql, parameters, "c.suite", "suite", query.Suite);
        Filter(sql, parameters, "r.problem_id", "problem", query.ProblemId);
        Filter(sql, parameters, "r.verdict_status", "verdict", query.Verdict is { } verdict ? ArchiveColumns.ToWord(verdict) : null);
        if (query.After is { } after)
        {
            // The first condition bounds the index scan (created_at_us, or model then created_at_us) at the cursor on
            // both engines; alone, the OR was a filter on PostgreSQL, which read every newer row to reach a deep page.
            sql.Append(" AND r.created_at_us <= @after_us AND (r.created_at_us < @after_us OR r.id < @after_id)");
            parameters.Add("after_us", after.CreatedAtUs);
            parameters.Add("after_id", after.Id);
        }

        // One row more than the page tells whether another page follows.
        sql.Append(" ORDER BY r.created_at_us DESC, r.id DESC LIMIT @limit");
        parameters.Add("limit", query.Limit + 1);
        await using var connection = await _archive.OpenDbConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<SummaryRow>(new CommandDefinition(sql.ToString(), parameters, cancellationToken: cancellationToken))).ToList();
        var items = rows.Take(query.Limit).Select(row => row.ToSummary()).ToList();
        var next = rows.Count > query.Limit ? new RolloutCursor(rows[query.Limit - 1].CreatedAtUs, rows[query.Limit - 1].Id) : null;
        return new RolloutPage(items, next);
    }

    /// <summary>The rollout <paramref name="id"/> in full, or null when there is none that <paramref name="visibility"/> shows.</summary>
    public async Task<RolloutDetail?> RolloutAsync(RolloutVisibility visibility, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        ArgumentNullException.ThrowIfNull(id);
        var parameters = new DynamicParameters();
        visibility.Bind(parameters);
        parameters.Add("id", id);
        await using var connection = await _archive.OpenDbConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RolloutRow>(new CommandDefinition(
            $"SELECT {RolloutRow.SelectColumns} FROM rollouts WHERE id = @id AND {visibility.RolloutCondition("")}",
            parameters,
            cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var context = await connection.QuerySingleAsync<(string Suite, string? Prompt)>(new CommandDefinition(
            "SELECT c.suite, cp.prompt FROM campaigns c LEFT JOIN campaign_problems cp ON cp.campaign_id = c.id AND cp.problem_id = @ProblemId WHERE c.id = @Id",
            new { Id = row.CampaignId, row.ProblemId },
            cancellationToken: cancellationToken));
        return new RolloutDetail(row.ToRollout(), context.Suite, context.Prompt);
    }

    private static void Filter(StringBuilder sql, DynamicParameters parameters, string column, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        sql.Append(CultureInfo.InvariantCulture, $" AND {column} = @{name}");
        parameters.Add(name, value);
    }

    private sealed class SummaryRow
    {
        public string Id { get; set; } = "";
        public string CampaignId { get; set; } = "";
        public string Suite { get; set; } = "";
        public string ProblemId { get; set; } = "";
        public int SampleIndex { get; set; }
        public int Attempt { get; set; }
        public string Model { get; set; } = "";
        public string Verdict { get; set; } = "";
        public double Reward { get; set; }
        public int PromptTokens { get; set; }
        public int CompletionTokens { get; set; }
        public long LatencyUs { get; set; }
        public string Cost { get; set; } = "0";
        public long CreatedAtUs { get; set; }

        public RolloutSummary ToSummary() => new(
            Id, CampaignId, Suite, ProblemId, SampleIndex, Attempt, Model, ArchiveColumns.ToStatus(Verdict), Reward, PromptTokens, CompletionTokens,
            ArchiveColumns.ToDuration(LatencyUs), decimal.Parse(Cost, NumberStyles.Float, CultureInfo.InvariantCulture), ArchiveColumns.ToTime(CreatedAtUs));
    }
}
