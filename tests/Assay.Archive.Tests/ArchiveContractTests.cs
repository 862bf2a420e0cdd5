using System.Data.Common;
using Assay.Core;
using Assay.Reports;
using Assay.Reports.Tests;

namespace Assay.Archive.Tests;

/// <summary>
/// What every archive must do, run once per backend: <see cref="SqliteArchiveTests"/> and
/// <see cref="PostgresArchiveTests"/> supply a fresh database per test and a raw SQL side door.
/// </summary>
public abstract partial class ArchiveContractTests : IAsyncLifetime
{
    /// <summary>Every migration's version, in order.</summary>
    protected static readonly long[] AllVersions = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11];

    /// <summary>Prepares a fresh, empty database for this test.</summary>
    public abstract Task InitializeAsync();

    /// <summary>Opens the archive on this test's database (again, when called twice); to write unless <paramref name="options"/> say otherwise.</summary>
    protected abstract Task<IRolloutArchive> OpenAsync(ArchiveOpenOptions? options = null);

    /// <summary>The backend's SQL dialect, to build an old schema by hand.</summary>
    internal abstract SqlDialect Dialect { get; }

    /// <summary>Runs SQL straight against the database, bypassing the archive.</summary>
    protected abstract Task<DbConnection> OpenRawAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_field_of_a_rollout_survives_a_round_trip()
    {
        await using var archive = await OpenAsync();
        var full = SampleRollouts.Rollout("c1", "HumanEval/0", 0, completion: "    return 'ünïcödé \"quoted\"'\n\ttab");
        var bare = SampleRollouts.Bare("c1", "HumanEval/0", 1);
        await archive.AppendAsync([full, bare]);

        var read = await archive.ReadRolloutsAsync("c1").ToListAsync();

        Assert.Equal(2, read.Count);
        SampleRollouts.AssertSame(full, read[0]);
        SampleRollouts.AssertSame(bare, read[1]);
        Assert.Equal(0.000123456789m, read[0].Cost);
        Assert.Equal(TimeSpan.Zero, read[0].CreatedAt.Offset); // the instant is kept, in UTC
    }

    [Fact]
    public async Task Every_verdict_status_isolation_level_and_verifier_survives_a_round_trip()
    {
        await using var archive = await OpenAsync();
        var statuses = Enum.GetValues<VerdictStatus>();
        var isolations = Enum.GetValues<Isolation>();
        Rollout[] rollouts = [.. statuses.SelectMany((status, i) => isolations.Select((isolation, j) =>
            SampleRollouts.Rollout("c1", $"p{i}", j) with
            {
                Verdict = new Verdict(status, 0.5, $"{status} under {isolation}", isolation, TimeSpan.Zero) { Verifier = $"verifier {i}.{j}" },
            }))];
        await archive.AppendAsync(rollouts);

        var read = await archive.ReadRolloutsAsync("c1").ToListAsync();

        Assert.Equal(rollouts.Select(r => r.Verdict), read.Select(r => r.Verdict));
    }

    [Fact]
    public async Task The_new_status_and_isolation_level_are_stored_as_words()
    {
        await using var archive = await OpenAsync();
        await archive.AppendAsync([SampleRollouts.Rollout("c1", "p", 0) with
        {
            Verdict = new Verdict(VerdictStatus.Infrastructure, 0, "verifier: worker died", Isolation.NamespacesRlimits, TimeSpan.Zero),
        }]);

        await using var raw = await OpenRawAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = "SELECT verdict_status || ' ' || verdict_isolation || ' [' || verdict_verifier || ']' FROM rollouts";

        Assert.Equal("infrastructure namespaces_rlimits []", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Infrastructure_failures_archived_as_errors_by_an_older_assay_are_read_as_infrastructure()
    {
        await using (var raw = await OpenRawAsync())
        {
            await ApplyMigrationsUpToAsync(raw, 2);
            foreach (var (problem, status, detail) in new[]
            {
                ("a", "error", "infrastructure: policy: HTTP 503"),
                ("b", "error", "error: RuntimeError: infrastructure: down"),
                ("c", "failed", "infrastructure: not an error"),
                ("d", "error", "Infrastructure: another spelling"),
            })
            {
                await ExecuteAsync(raw,
                    $"INSERT INTO rollouts ({OldColumns}) VALUES ('{RolloutId.For("old", problem, 0)}', 'old', '{problem}', 0, 'm', '{{}}', '', " +
                    $"NULL, NULL, 0, 0, 0, 0, '{status}', 0, '{detail}', 'not_applicable', 0, 0)");
            }
        }

        await using var archive = await OpenAsync();
        var read = await archive.ReadRolloutsAsync("old").ToListAsync();

        Assert.Equal(
            [VerdictStatus.Infrastructure, VerdictStatus.Error, VerdictStatus.Failed, VerdictStatus.Error],
            read.Select(r => r.Verdict.Status));
        Assert.Equal("infrastructure: policy: HTTP 503", read[0].Verdict.Detail); // relabelled, not rewritten
        Assert.All(read, r => Assert.Equal("", r.Verdict.Verifier));
        await using var check = await OpenRawAsync();
        Assert.Equal(AllVersions, await QueryLongsAsync(check, "SELECT version FROM schema_migrations ORDER BY version"));
    }

    [Fact]
    public async Task Times_are_kept_to_the_microsecond_as_utc_instants()
    {
        await using var archive = await OpenAsync();
        var scored = new DateTimeOffset(2026, 11, 23, 9, 30, 15, TimeSpan.FromHours(-5)).AddTicks(1_234_567); // 0.1234567 s
        await archive.AppendAsync([SampleRollouts.Rollout("c1", "p", 0) with { CreatedAt = scored, Latency = TimeSpan.FromTicks(15) }]);

        var read = Assert.Single(await archive.ReadRolloutsAsync("c1").ToListAsync());

        Assert.Equal(scored.AddTicks(-7), read.CreatedAt); // PostgreSQL's resolution, on both engines
        Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
        Assert.Equal(TimeSpan.FromTicks(10), read.Latency);
    }

    [Fact]
    public async Task Campaign_settings_survive_a_round_trip_and_list_newest_first()
    {
        await using var archive = await OpenAsync();
        var older = SampleRollouts.Campaign("older", SampleRollouts.Start);
        var newer = SampleRollouts.Campaign("newer", SampleRollouts.Start.AddDays(1)) with
        {
            Settings = new SamplingSettings(Temperature: 0.0, TopP: 1.0, MaxTokens: 64, Seed: null, TopLogprobs: null),
        };
        await archive.SaveCampaignAsync(older, []);
        await archive.SaveCampaignAsync(newer, []);

        Assert.Equal(older, await archive.GetCampaignAsync("older"));
        Assert.Equal(newer, await archive.GetCampaignAsync("newer"));
        Assert.Null(await archive.GetCampaignAsync("missing"));
        Assert.Equal(["newer", "older"], (await archive.ListCampaignsAsync()).Select(c => c.Id));
    }

    [Fact]
    public async Task Saving_a_campaign_id_again_keeps_the_first()
    {
        await using var archive = await OpenAsync();
        var first = SampleRollouts.Campaign("c1");
        await archive.SaveCampaignAsync(first, []);
        await archive.SaveCampaignAsync(first with { Model = "other", SamplesPerProblem = 99 }, []);

        Assert.Equal(first, await archive.GetCampaignAsync("c1"));
        Assert.Single(await archive.ListCampaignsAsync());
    }

    [Fact]
    public async Task Appending_rollouts_already_stored_is_a_no_op()
    {
        await using var archive = await OpenAsync();
        var batch = Enumerable.Range(0, 3).Select(i => SampleRollouts.Rollout("c1", "p", i)).ToArray();
        await archive.AppendAsync(batch);

        var rewritten = batch.Select(r => r with { Completion = "changed" }).Append(SampleRollouts.Rollout("c1", "p", 3)).ToArray();
        await archive.AppendAsync(rewritten);
        await archive.AppendAsync(batch);

        var read = await archive.ReadRolloutsAsync("c1").ToListAsync();
        Assert.Equal(4, read.Count);
        Assert.Equal(4, await CountRolloutsAsync());
        Assert.All(read, r => Assert.NotEqual("changed", r.Completion));
    }

    [Fact]
    public async Task Duplicate_ids_within_one_batch_store_the_first()
    {
        await using var archive = await OpenAsync();
        var first = SampleRollouts.Rollout("c1", "p", 0);
        await archive.AppendAsync([first, first with { Completion = "second" }]);

        var read = Assert.Single(await archive.ReadRolloutsAsync("c1").ToListAsync());
        Assert.Equal(first.Completion, read.Completion);
    }

    [Fact]
    public async Task Rollout_ids_of_a_campaign_are_exactly_what_a_resumed_campaign_skips()
    {
        await using var archive = await OpenAsync();
        await archive.AppendAsync([SampleRollouts.Rollout("c1", "a", 0), SampleRollouts.Rollout("c1", "b", 1), SampleRollouts.Rollout("c2", "a", 0)]);

        var ids = await archive.GetRolloutIdsAsync("c1");

        Assert.Equal(new HashSet<string> { RolloutId.For("c1", "a", 0), RolloutId.For("c1", "b", 1) }, ids.ToHashSet());
        Assert.Empty(await archive.GetRolloutIdsAsync("unknown"));
    }

    [Fact]
    public async Task Rollouts_are_read_in_byte_wise_problem_order_then_sample_index()
    {
        await using var archive = await OpenAsync();
        var keys = new (string Problem, int Sample)[] { ("a", 1), ("HumanEval/2", 0), ("B", 0), ("HumanEval/10", 3), ("HumanEval/10", 1), ("a", 0) };
        await archive.AppendAsync([.. keys.Select(k => SampleRollouts.Rollout("c1", k.Problem, k.Sample))]);
        await archive.AppendAsync([SampleRollouts.Rollout("other", "A", 0)]);

        var read = await archive.ReadRolloutsAsync("c1").Select(r => (r.ProblemId, r.SampleIndex)).ToListAsync();

        Assert.Equal([("B", 0), ("HumanEval/10", 1), ("HumanEval/10", 3), ("HumanEval/2", 0), ("a", 0), ("a", 1)], read);
    }

    [Fact]
    public async Task A_large_batch_is_stored_whole()
    {
        await using var archive = await OpenAsync();
        var batch = Enumerable.Range(0, 2500).Select(i => SampleRollouts.Rollout("c1", $"p{i % 50}", i / 50)).ToArray();

        await archive.AppendAsync(batch);
        await archive.AppendAsync([]);

        Assert.Equal(2500, (await archive.GetRolloutIdsAsync("c1")).Count);
    }

    [Fact]
    public async Task Migrations_are_applied_once_and_reopening_is_idempotent()
    {
        await using (var first = await OpenAsync())
        {
            await first.AppendAsync([SampleRollouts.Rollout("c1", "p", 0)]);
        }

        await using (var second = await OpenAsync())
        {
            Assert.Single(await second.GetRolloutIdsAsync("c1"));
        }

        await using var raw = await OpenRawAsync();
        Assert.Equal(AllVersions, await QueryLongsAsync(raw, "SELECT version FROM schema_migrations ORDER BY version"));
    }

    [Fact]
    public async Task Updating_or_deleting_an_archived_rollout_is_rejected_by_the_database()
    {
        await using var archive = await OpenAsync();
        var rollout = SampleRollouts.Rollout("c1", "p", 0);
        await archive.AppendAsync([rollout]);

        await using var raw = await OpenRawAsync();
        var update = await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(raw, "UPDATE rollouts SET completion = 'forged'"));
        var delete = await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(raw, "DELETE FROM rollouts"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        SampleRollouts.AssertSame(rollout, Assert.Single(await archive.ReadRolloutsAsync("c1").ToListAsync()));
    }

    [Fact]
    public async Task Real_humaneval_rollouts_come_back_intact_and_report_the_reference_pass_at_k()
    {
        var rollouts = HumanEvalRollouts.Load("codet", "codegen-16b-mono");
        var campaign = new Campaign("codet", "codegen-16b-mono", "humaneval", 100, new SamplingSettings(0.8, 0.95, 300), rollouts[0].CreatedAt);
        await using var archive = await OpenAsync();
        await archive.SaveCampaignAsync(campaign, []);
        foreach (var batch in rollouts.Chunk(1000))
        {
            await archive.AppendAsync(batch);
        }

        var read = await archive.ReadRolloutsAsync("codet").ToListAsync();

        Assert.Equal(16_400, read.Count);
        var expected = rollouts.ToDictionary(r => r.Id);
        Assert.All(read, r => SampleRollouts.AssertSame(expected[r.Id], r));
        var entry = Assert.Single(ReportBuilder.Build(read, await archive.ListCampaignsAsync()).Entries);
        foreach (var (k, passAtK) in HumanEvalRollouts.Reference)
        {
            Assert.Equal(passAtK, entry.PassAtK.Single(p => p.K == k).Value!.Value, 0.00005);
        }
    }

    // The rollouts columns of schema version 2, before verdict_verifier.
    private const string OldColumns =
        "id, campaign_id, problem_id, sample_index, model, request, completion, finish_reason, logprobs, prompt_tokens, " +
        "completion_tokens, latency_us, cost_usd, verdict_status, verdict_reward, verdict_detail, verdict_isolation, " +
        "verdict_elapsed_us, created_at_us";

    /// <summary>Builds the schema an older assay left: the migrations up to <paramref name="version"/>, recorded as applied.</summary>
    private async Task ApplyMigrationsUpToAsync(DbConnection raw, int version)
    {
        await ExecuteAsync(raw, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_us BIGINT NOT NULL)");
        foreach (var migration in MigrationCatalog.For(Dialect).Where(m => m.Version <= version))
        {
            await ExecuteAsync(raw, migration.Sql);
            await ExecuteAsync(raw, $"INSERT INTO schema_migrations (version, name, applied_at_us) VALUES ({migration.Version}, '{migration.Name}', 0)");
        }
    }

    private async Task<long> CountRolloutsAsync()
    {
        await using var raw = await OpenRawAsync();
        return (await QueryLongsAsync(raw, "SELECT COUNT(*) FROM rollouts")).Single();
    }

    protected static async Task<List<long>> QueryLongsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<long>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToInt64(reader.GetValue(0)));
        }

        return values;
    }

    protected static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
