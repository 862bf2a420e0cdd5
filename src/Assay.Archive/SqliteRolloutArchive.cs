using System.Data.Common;
using System.Runtime.CompilerServices;
using Assay.Core;
using Microsoft.Data.Sqlite;

namespace Assay.Archive;

/// <summary>
/// The default archive: one SQLite file in WAL mode, so readers work from a snapshot and never block the
/// writer. <c>synchronous=NORMAL</c> syncs at checkpoints, not at every commit: a power cut can lose the
/// last commits but never corrupts the file, and a resumed campaign redoes exactly what was lost.
/// </summary>
public sealed class SqliteRolloutArchive : IRolloutArchive, IArchiveConnections
{
    private readonly string _connectionString;
    private bool _readOnly;
    private ArchiveFileWatch? _watch;

    private SqliteRolloutArchive(string connectionString) => _connectionString = connectionString;

    /// <summary>The database file.</summary>
    public string Path { get; private init; } = "";

    /// <summary>Opens (creating if needed) the archive at <paramref name="path"/> and applies pending migrations.</summary>
    public static Task<SqliteRolloutArchive> OpenAsync(string path, CancellationToken cancellationToken = default) =>
        OpenAsync(path, TimeProvider.System, cancellationToken);

    /// <summary>Opens (creating if needed) the archive at <paramref name="path"/>; <paramref name="timeProvider"/>
    /// stamps the migrations it applies.</summary>
    public static Task<SqliteRolloutArchive> OpenAsync(string path, TimeProvider timeProvider, CancellationToken cancellationToken = default) =>
        OpenAsync(path, ArchiveOpenOptions.Write, timeProvider, cancellationToken);

    /// <summary>Opens the archive at <paramref name="path"/> as <paramref name="options"/> say: to write (creating the
    /// file, switching it to WAL and migrating it), or to read only (changing nothing; the file must exist and be at
    /// this build's schema). Throws <see cref="ArchiveSchemaException"/> when the file may not be used so.</summary>
    public static async Task<SqliteRolloutArchive> OpenAsync(string path, ArchiveOpenOptions options, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = options.ReadOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // How long one statement waits for another connection's write lock (SQLITE_BUSY) before it fails: short, so a
            // stopping campaign is never stuck in one; the rollout writer retries busy batches for longer, between waits.
            DefaultTimeout = 5,
        }.ToString();
        var archive = new SqliteRolloutArchive(connectionString) { Path = path, _readOnly = options.ReadOnly };
        await using var connection = await archive.OpenConnectionAsync(cancellationToken);

        // Before the journal mode is switched: a file this build may not use is left exactly as it was.
        await SchemaGuard.CheckAsync(connection, SqlDialect.Sqlite, options, null, cancellationToken);
        if (options.ReadOnly)
        {
            return archive;
        }

        using (var wal = connection.CreateCommand())
        {
            // journal_mode is stored in the file, so setting it once at open covers every later connection.
            wal.CommandText = "PRAGMA journal_mode=WAL";
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite archive {path}: could not switch to WAL mode (journal_mode is '{mode}').");
            }
        }

        await SchemaMigrator.ApplyAsync(connection, SqlDialect.Sqlite, options, timeProvider, cancellationToken);
        archive._watch = new ArchiveFileWatch(path);
        return archive;
    }

    /// <inheritdoc />
    public async Task SaveCampaignAsync(Campaign campaign, IReadOnlyList<Problem> problems, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(problems);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ArchiveQueries.SaveCampaignAsync(connection, campaign, problems, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Problem>> GetProblemsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ArchiveQueries.GetProblemsAsync(connection, campaignId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task AppendLedgerAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await LedgerQueries.AppendAsync(connection, entry, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await LedgerQueries.ReadAsync(connection, runId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<CampaignLeaseHolder> TakeLeaseAsync(string campaignId, CampaignLeaseClaim claim, string? replacing = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(claim);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await CampaignLeaseQueries.TakeAsync(connection, SqlDialect.Sqlite, campaignId, claim, replacing, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> RenewLeaseAsync(string campaignId, string token, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(token);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await CampaignLeaseQueries.RenewAsync(connection, SqlDialect.Sqlite, campaignId, token, timeToLive, cancellationToken);
    }

    /// <inheritdoc />
    public async Task ReleaseLeaseAsync(string campaignId, string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(token);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await CampaignLeaseQueries.ReleaseAsync(connection, campaignId, token, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CampaignLeaseHolder>> ListLeasesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await CampaignLeaseQueries.ListAsync(connection, SqlDialect.Sqlite, cancellationToken);
    }

    /// <inheritdoc />
    public async Task SetCampaignStateAsync(CampaignState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await CampaignLeaseQueries.SetStateAsync(connection, state, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CampaignState>> ListCampaignStatesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await CampaignLeaseQueries.ListStatesAsync(connection, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Campaign?> GetCampaignAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ArchiveQueries.GetCampaignAsync(connection, campaignId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Campaign>> ListCampaignsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
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

        // Hot path: one IMMEDIATE transaction and one prepared statement whose parameters are rebound per
        // row; with WAL + synchronous=NORMAL the commit is a single append to the log.
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"INSERT INTO rollouts ({RolloutRow.Columns}) VALUES " +
            "($id, $campaign_id, $problem_id, $sample_index, $model, $request, $completion, $finish_reason, $logprobs, " +
            "$prompt_tokens, $completion_tokens, $latency_us, $cost_usd, $verdict_status, $verdict_reward, $verdict_detail, " +
            "$verdict_isolation, $verdict_elapsed_us, $verdict_verifier, $created_at_us, $attempt) ON CONFLICT DO NOTHING";
        var p = command.Parameters;
        var id = p.Add("$id", SqliteType.Text);
        var campaignId = p.Add("$campaign_id", SqliteType.Text);
        var problemId = p.Add("$problem_id", SqliteType.Text);
        var sampleIndex = p.Add("$sample_index", SqliteType.Integer);
        var model = p.Add("$model", SqliteType.Text);
        var request = p.Add("$request", SqliteType.Text);
        var completion = p.Add("$completion", SqliteType.Text);
        var finishReason = p.Add("$finish_reason", SqliteType.Text);
        var logprobs = p.Add("$logprobs", SqliteType.Text);
        var promptTokens = p.Add("$prompt_tokens", SqliteType.Integer);
        var completionTokens = p.Add("$completion_tokens", SqliteType.Integer);
        var latency = p.Add("$latency_us", SqliteType.Integer);
        var cost = p.Add("$cost_usd", SqliteType.Text);
        var status = p.Add("$verdict_status", SqliteType.Text);
        var reward = p.Add("$verdict_reward", SqliteType.Real);
        var detail = p.Add("$verdict_detail", SqliteType.Text);
        var isolation = p.Add("$verdict_isolation", SqliteType.Text);
        var elapsed = p.Add("$verdict_elapsed_us", SqliteType.Integer);
        var verifier = p.Add("$verdict_verifier", SqliteType.Text);
        var createdAt = p.Add("$created_at_us", SqliteType.Integer);
        var attempt = p.Add("$attempt", SqliteType.Integer);
        command.Prepare();

        foreach (var rollout in rollouts)
        {
            ArgumentNullException.ThrowIfNull(rollout, nameof(rollouts));
            id.Value = rollout.Id;
            campaignId.Value = rollout.CampaignId;
            problemId.Value = rollout.ProblemId;
            sampleIndex.Value = rollout.SampleIndex;
            model.Value = rollout.Model;
            request.Value = rollout.Request;
            completion.Value = rollout.Completion;
            finishReason.Value = (object?)rollout.FinishReason ?? DBNull.Value;
            logprobs.Value = (object?)LogprobsJson.Serialize(rollout.Logprobs) ?? DBNull.Value;
            promptTokens.Value = rollout.PromptTokens;
            completionTokens.Value = rollout.CompletionTokens;
            latency.Value = ArchiveColumns.ToMicroseconds(rollout.Latency);
            // Decimal text; the NUMERIC column keeps it exactly up to 15 significant digits.
            cost.Value = rollout.Cost;
            status.Value = ArchiveColumns.ToWord(rollout.Verdict.Status);
            reward.Value = rollout.Verdict.Reward;
            detail.Value = rollout.Verdict.Detail;
            isolation.Value = ArchiveColumns.ToWord(rollout.Verdict.Isolation);
            elapsed.Value = ArchiveColumns.ToMicroseconds(rollout.Verdict.Elapsed);
            verifier.Value = rollout.Verdict.Verifier;
            createdAt.Value = ArchiveColumns.ToMicroseconds(rollout.CreatedAt);
            attempt.Value = rollout.Attempt;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);

        // A commit to a file that lost its name "succeeds": say so, so the campaign stops and keeps its spill.
        _watch?.ThrowIfGone();
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> GetRolloutIdsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ArchiveQueries.GetRolloutIdsAsync(connection, campaignId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ArchivedAttempt>> GetAttemptsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ArchiveQueries.GetAttemptsAsync(connection, campaignId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task SetMaxCostAsync(string campaignId, decimal? maxCost, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ArchiveQueries.SetMaxCostAsync(connection, campaignId, maxCost, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<Rollout> ReadRolloutsAsync(string campaignId, CancellationToken cancellationToken = default) =>
        RolloutAttempts.CurrentAsync(ReadAllAttemptsAsync(campaignId, cancellationToken));

    /// <inheritdoc />
    public async IAsyncEnumerable<Rollout> ReadAllAttemptsAsync(string campaignId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        // SQLite's default BINARY collation already orders text byte-wise.
        await foreach (var rollout in ArchiveQueries.ReadRolloutsAsync(connection, campaignId, "problem_id", cancellationToken))
        {
            yield return rollout;
        }
    }

    /// <summary>Releases the pooled connections, so the file can be moved or deleted.</summary>
    public ValueTask DisposeAsync()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _watch?.Dispose();
        return ValueTask.CompletedTask;
    }

    SqlDialect IArchiveConnections.Dialect => SqlDialect.Sqlite;

    async Task<DbConnection> IArchiveConnections.OpenDbConnectionAsync(CancellationToken cancellationToken) =>
        await OpenConnectionAsync(cancellationToken);

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!_readOnly)
            {
                using var pragma = connection.CreateCommand();
                // Per connection, so set on every open (pooled connections keep it; setting it again is free).
                pragma.CommandText = "PRAGMA synchronous=NORMAL";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
