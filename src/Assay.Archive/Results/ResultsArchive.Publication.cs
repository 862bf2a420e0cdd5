using System.Runtime.CompilerServices;
using Assay.Core;
using Dapper;

namespace Assay.Archive.Results;

public sealed partial class ResultsArchive
{
    /// <summary>
    /// The rollouts of campaign <paramref name="campaignId"/> that <paramref name="visibility"/> shows one by one, created
    /// at or before <paramref name="until"/>, with a verdict among <paramref name="statuses"/>, and only those that count
    /// for their slot (<see cref="RolloutAttempts"/>: no later attempt that is not an infrastructure failure), in slot
    /// order. What the publisher publishes: the visibility and the rest are all in the query's WHERE clause.
    /// </summary>
    public async IAsyncEnumerable<Rollout> CountedRolloutsAsync(
        RolloutVisibility visibility,
        string campaignId,
        DateTimeOffset until,
        IReadOnlyCollection<VerdictStatus> statuses,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(statuses);
        if (statuses.Count == 0)
        {
            yield break;
        }

        var parameters = new DynamicParameters();
        visibility.Bind(parameters);
        parameters.Add("campaign_id", campaignId);
        parameters.Add("until_us", ArchiveColumns.ToMicroseconds(until));
        // One parameter per word: Dapper would pass a list to PostgreSQL as one array, which IN cannot read.
        var words = statuses.Select(ArchiveColumns.ToWord).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            parameters.Add($"status{i}", words[i]);
        }

        var problemOrder = _archive.Dialect == SqlDialect.Postgres ? "r.problem_id COLLATE \"C\"" : "r.problem_id";
        var sql =
            $"SELECT {RolloutRow.SelectColumns} FROM rollouts r " +
            $"WHERE r.campaign_id = @campaign_id AND {visibility.RolloutCondition("r.")} " +
            $"AND r.created_at_us <= @until_us AND r.verdict_status IN ({string.Join(", ", words.Select((_, i) => $"@status{i}"))}) " +
            "AND NOT EXISTS (SELECT 1 FROM rollouts later WHERE later.campaign_id = r.campaign_id AND later.problem_id = r.problem_id " +
            "AND later.sample_index = r.sample_index AND later.attempt > r.attempt AND later.verdict_status <> 'infrastructure') " +
            $"ORDER BY {problemOrder}, r.sample_index";
        await using var connection = await _archive.OpenDbConnectionAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<RolloutRow>(sql, parameters);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row.ToRollout();
        }
    }
}
