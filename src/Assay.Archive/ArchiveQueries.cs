using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Assay.Core;
using Dapper;

namespace Assay.Archive;

/// <summary>The reads and the campaign write, which are the same plain SQL on both engines.</summary>
internal static class ArchiveQueries
{
    /// <summary>The campaign row and its problems in one transaction; rows already stored are kept as they are.</summary>
    public static async Task SaveCampaignAsync(DbConnection connection, Campaign campaign, IReadOnlyList<Problem> problems, CancellationToken cancellationToken)
    {
        var rows = problems.Select((problem, ordinal) => ProblemRow.From(campaign.Id, ordinal, problem)).ToList();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(CampaignRow.Insert, CampaignRow.InsertParameters(campaign), transaction, cancellationToken: cancellationToken));
        if (rows.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(ProblemRow.Insert, rows, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public static async Task<IReadOnlyList<Problem>> GetProblemsAsync(DbConnection connection, string campaignId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<ProblemRow>(new CommandDefinition(
            $"SELECT {ProblemRow.SelectColumns} FROM campaign_problems WHERE campaign_id = @CampaignId ORDER BY ordinal",
            new { CampaignId = campaignId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToProblem())];
    }

    public static async Task<Campaign?> GetCampaignAsync(DbConnection connection, string campaignId, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<CampaignRow>(new CommandDefinition(
            $"SELECT {CampaignRow.SelectColumns} FROM campaigns WHERE id = @Id", new { Id = campaignId }, cancellationToken: cancellationToken));
        return row?.ToCampaign();
    }

    public static async Task<IReadOnlyList<Campaign>> ListCampaignsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<CampaignRow>(new CommandDefinition(
            $"SELECT {CampaignRow.SelectColumns} FROM campaigns ORDER BY created_at_us DESC, id", cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToCampaign())];
    }

    public static async Task<IReadOnlySet<string>> GetRolloutIdsAsync(DbConnection connection, string campaignId, CancellationToken cancellationToken)
    {
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM rollouts WHERE campaign_id = @CampaignId", new { CampaignId = campaignId }, cancellationToken: cancellationToken));
        return ids.ToHashSet(StringComparer.Ordinal);
    }

    public static async Task<IReadOnlyList<ArchivedAttempt>> GetAttemptsAsync(DbConnection connection, string campaignId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string ProblemId, int SampleIndex, int Attempt, string Status, string Cost)>(new CommandDefinition(
            "SELECT problem_id, sample_index, attempt, verdict_status, CAST(cost_usd AS TEXT) FROM rollouts WHERE campaign_id = @CampaignId",
            new { CampaignId = campaignId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new ArchivedAttempt(
            r.ProblemId, r.SampleIndex, r.Attempt, ArchiveColumns.ToStatus(r.Status), decimal.Parse(r.Cost, NumberStyles.Float, CultureInfo.InvariantCulture)))];
    }

    public static Task SetMaxCostAsync(DbConnection connection, string campaignId, decimal? maxCost, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE campaigns SET max_cost_usd = @MaxCost WHERE id = @Id", new { Id = campaignId, MaxCost = maxCost }, cancellationToken: cancellationToken));

    /// <summary>Streams a campaign's rollouts, every attempt; <paramref name="problemOrder"/> is the dialect's spelling of
    /// byte-wise ordering of problem ids, so both engines return the same order.</summary>
    public static async IAsyncEnumerable<Rollout> ReadRolloutsAsync(
        DbConnection connection,
        string campaignId,
        string problemOrder,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {RolloutRow.SelectColumns} FROM rollouts WHERE campaign_id = @campaign_id ORDER BY {problemOrder}, sample_index, attempt";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "campaign_id";
        parameter.Value = campaignId;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var parse = reader.GetRowParser<RolloutRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return parse(reader).ToRollout();
        }
    }
}
