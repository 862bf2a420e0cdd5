using System.Data.Common;
using System.Runtime.CompilerServices;
using Assay.Core;
using Npgsql;
using NpgsqlTypes;

namespace Assay.Archive;

/// <summary>The archive at scale: a PostgreSQL database shared by many writers, with the same schema as SQLite.</summary>
public sealed class PostgresRolloutArchive : IRolloutArchive, IArchiveConnections
{
    // Hot path: a whole batch is one statement that unnests one array per column, so a batch of any
    // size is one round trip, one prepared plan and one implicit transaction. ON CONFLICT DO NOTHING
    // makes a re-sent rollout a no-op.
    private const string InsertBatch =
        $"INSERT INTO rollouts ({RolloutRow.Columns}) " +
        "SELECT * FROM unnest(@id, @campaign_id, @problem_id, @sample_index, @model, @request, @completion, @finish_reason, " +
        "@logprobs, @prompt_tokens, @completion_tokens, @latency_us, @cost_usd, @verdict_status, @verdict_reward, " +
        "@verdict_detail, @verdict_isolation, @verdict_elapsed_us, @verdict_verifier, @created_at_us, @attempt) " +
        "ON CONFLICT DO NOTHING";

    // PostgreSQL orders text by the database's collation; "C" is byte-wise, as SQLite's BINARY is.
    private const string ProblemOrder = "problem_id COLLATE \"C\"";

    private readonly NpgsqlDataSource _dataSource;

    private PostgresRolloutArchive(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Connects with an Npgsql connection string (<c>Host=...;Database=...</c>) and applies pending migrations.</summary>
    public static Task<PostgresRolloutArchive> OpenAsync(string connectionString, CancellationToken cancellationToken = default) =>
        OpenAsync(connectionString, TimeProvider.System, cancellationToken);

    /// <summary>Connects and applies pending migrations; <paramref name="timeProvider"/> stamps the migrations it applies.</summary>
    public static Task<PostgresRolloutArchive> OpenAsync(string connectionString, TimeProvider timeProvider, CancellationToken cancellationToken = default) =>
        OpenAsync(connectionString, ArchiveOpenOptions.Write, timeProvider, cancellationToken);

    /// <summary>Connects as <paramref name="options"/> say: to write (applying pending migrations), or to read only
    /// (every session read-only, nothing migrated; the database must be at this build's schema). Throws
    /// <see cref="ArchiveSchemaException"/> when the database may not be used so.</summary>
    public static async Task<PostgresRolloutArchive> OpenAsync(
        string connectionString, ArchiveOpenOptions options, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (options.ReadOnly)
        {
            // The server refuses any write in these sessions, whatever a query would do.
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            builder.Options = $"{builder.Options} -c default_transaction_read_only=on".Trim();
            connectionString = builder.ConnectionString;
        }

        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            if (options.ReadOnly)
            {
                await SchemaGuard.CheckAsync(connection, SqlDialect.Postgres, options, null, cancellationToken);
            }
            else
            {
                await SchemaMigrator.ApplyAsync(connection, SqlDialect.Postgres, options, timeProvider, cancellationToken);
            }

            return new PostgresRolloutArchive(dataSource);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task SaveCampaignAsync(Campaign campaign, IReadOnlyList<Problem> problems, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(problems);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await ArchiveQueries.SaveCampaignAsync(connection, campaign, problems, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Problem>> GetProblemsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await ArchiveQueries.GetProblemsAsync(connection, campaignId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task AppendLedgerAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await LedgerQueries.AppendAsync(connection, entry, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await LedgerQueries.ReadAsync(connection, runId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<CampaignLeaseHolder> TakeLeaseAsync(string campaignId, CampaignLeaseClaim claim, string? replacing = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(claim);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await CampaignLeaseQueries.TakeAsync(connection, SqlDialect.Postgres, campaignId, claim, replacing, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> RenewLeaseAsync(string campaignId, string token, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(token);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await CampaignLeaseQueries.RenewAsync(connection, SqlDialect.Postgres, campaignId, token, timeToLive, cancellationToken);
    }

    /// <inheritdoc />
    public async Task ReleaseLeaseAsync(string campaignId, string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(token);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await CampaignLeaseQueries.ReleaseAsync(connection, campaignId, token, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CampaignLeaseHolder>> ListLeasesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await CampaignLeaseQueries.ListAsync(connection, SqlDialect.Postgres, cancellationToken);
    }

    /// <inheritdoc />
    public async Task SetCampaignStateAsync(CampaignState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await CampaignLeaseQueries.SetStateAsync(connection, state, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CampaignState>> ListCampaignStatesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await CampaignLeaseQueries.ListStatesAsync(connection, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Campaign?> GetCampaignAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await ArchiveQueries.GetCampaignAsync(connection, campaignId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Campaign>> ListCampaignsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await ArchiveQueries.ListCampaignsAsync(connection, cancellationToken);
    }

    /// <inheritdoc />
    public async Task AppendAsync(IReadOnlyList<Rollout> rollouts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rollouts);
        if (rollouts.Count == 0)
        {
            return;
        }

        var n = rollouts.Count;
        var ids = new string[n];
        var campaignIds = new string[n];
        var problemIds = new string[n];
        var sampleIndexes = new int[n];
        var models = new string[n];
        var requests = new string[n];
        var completions = new string[n];
        var finishReasons = new string?[n];
        var logprobs = new string?[n];
        var promptTokens = new int[n];
        var completionTokens = new int[n];
        var latencies = new long[n];
        var costs = new decimal[n];
        var statuses = new string[n];
        var rewards = new double[n];
        var details = new string[n];
        var isolations = new string[n];
        var elapsed = new long[n];
        var verifiers = new string[n];
        var createdAt = new long[n];
        var attempts = new int[n];
        for (var i = 0; i < n; i++)
        {
            var rollout = rollouts[i] ?? throw new ArgumentException($"Rollout {i} of the batch is null.", nameof(rollouts));
            ids[i] = rollout.Id;
            campaignIds[i] = rollout.CampaignId;
            problemIds[i] = rollout.ProblemId;
            sampleIndexes[i] = rollout.SampleIndex;
            models[i] = rollout.Model;
            requests[i] = rollout.Request;
            completions[i] = rollout.Completion;
            finishReasons[i] = rollout.FinishReason;
            logprobs[i] = LogprobsJson.Serialize(rollout.Logprobs);
            promptTokens[i] = rollout.PromptTokens;
            completionTokens[i] = rollout.CompletionTokens;
            latencies[i] = ArchiveColumns.ToMicroseconds(rollout.Latency);
            costs[i] = rollout.Cost;
            statuses[i] = ArchiveColumns.ToWord(rollout.Verdict.Status);
            rewards[i] = rollout.Verdict.Reward;
            details[i] = rollout.Verdict.Detail;
            isolations[i] = ArchiveColumns.ToWord(rollout.Verdict.Isolation);
            elapsed[i] = ArchiveColumns.ToMicroseconds(rollout.Verdict.Elapsed);
            verifiers[i] = rollout.Verdict.Verifier;
            createdAt[i] = ArchiveColumns.ToMicroseconds(rollout.CreatedAt);
            attempts[i] = rollout.Attempt;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(InsertBatch, connection);
        var p = command.Parameters;
        p.Add(Array("id", NpgsqlDbType.Text, ids));
        p.Add(Array("campaign_id", NpgsqlDbType.Text, campaignIds));
        p.Add(Array("problem_id", NpgsqlDbType.Text, problemIds));
        p.Add(Array("sample_index", NpgsqlDbType.Integer, sampleIndexes));
        p.Add(Array("model", NpgsqlDbType.Text, models));
        p.Add(Array("request", NpgsqlDbType.Text, requests));
        p.Add(Array("completion", NpgsqlDbType.Text, completions));
        p.Add(Array("finish_reason", NpgsqlDbType.Text, finishReasons));
        p.Add(Array("logprobs", NpgsqlDbType.Text, logprobs));
        p.Add(Array("prompt_tokens", NpgsqlDbType.Integer, promptTokens));
        p.Add(Array("completion_tokens", NpgsqlDbType.Integer, completionTokens));
        p.Add(Array("latency_us", NpgsqlDbType.Bigint, latencies));
        p.Add(Array("cost_usd", NpgsqlDbType.Numeric, costs));
        p.Add(Array("verdict_status", NpgsqlDbType.Text, statuses));
        p.Add(Array("verdict_reward", NpgsqlDbType.Double, rewards));
        p.Add(Array("verdict_detail", NpgsqlDbType.Text, details));
        p.Add(Array("verdict_isolation", NpgsqlDbType.Text, isolations));
        p.Add(Array("verdict_elapsed_us", NpgsqlDbType.Bigint, elapsed));
        p.Add(Array("verdict_verifier", NpgsqlDbType.Text, verifiers));
        p.Add(Array("created_at_us", NpgsqlDbType.Bigint, createdAt));
        p.Add(Array("attempt", NpgsqlDbType.Integer, attempts));
        await command.PrepareAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> GetRolloutIdsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await ArchiveQueries.GetRolloutIdsAsync(connection, campaignId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ArchivedAttempt>> GetAttemptsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await ArchiveQueries.GetAttemptsAsync(connection, campaignId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task SetMaxCostAsync(string campaignId, decimal? maxCost, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await ArchiveQueries.SetMaxCostAsync(connection, campaignId, maxCost, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<Rollout> ReadRolloutsAsync(string campaignId, CancellationToken cancellationToken = default) =>
        RolloutAttempts.CurrentAsync(ReadAllAttemptsAsync(campaignId, cancellationToken));

    /// <inheritdoc />
    public async IAsyncEnumerable<Rollout> ReadAllAttemptsAsync(string campaignId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await foreach (var rollout in ArchiveQueries.ReadRolloutsAsync(connection, campaignId, ProblemOrder, cancellationToken))
        {
            yield return rollout;
        }
    }

    /// <summary>Closes the connection pool.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    SqlDialect IArchiveConnections.Dialect => SqlDialect.Postgres;

    async Task<DbConnection> IArchiveConnections.OpenDbConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType elementType, T[] values) =>
        new(name, NpgsqlDbType.Array | elementType) { Value = values };
}
