using System.Data.Common;
using System.Globalization;
using Assay.Core;
using Dapper;

namespace Assay.Archive;

/// <summary>The compute ledger's write and read (migration 11), the same plain SQL on both engines.</summary>
internal static class LedgerQueries
{
    private const string Columns =
        "run_id, round_number, route, checkpoint, campaign_id, parameters, sampling_tokens, sampling_flops, training_tokens, " +
        "training_flops, teacher_flops, verifier_seconds, wall_seconds, rollouts, verified, cost_usd, heldout_problems, " +
        "heldout_samples, heldout_pass_at_1, heldout_low, heldout_high";

    /// <summary>Stores a round; a round already stored for the run is kept as it is (a resumed run never rewrites one).</summary>
    public static Task AppendAsync(DbConnection connection, LedgerEntry e, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO training_ledger ({Columns}) VALUES (@RunId, @Round, @Route, @Checkpoint, @CampaignId, @Parameters, " +
            "@SamplingTokens, @SamplingFlops, @TrainingTokens, @TrainingFlops, @TeacherFlops, @VerifierSeconds, @WallSeconds, " +
            "@Rollouts, @Verified, @Cost, @Problems, @Samples, @PassAt1, @Low, @High) ON CONFLICT (run_id, round_number) DO NOTHING",
            new
            {
                e.RunId, e.Round, e.Route, e.Checkpoint, e.CampaignId, e.Parameters, e.SamplingTokens, e.SamplingFlops,
                e.TrainingTokens, e.TrainingFlops, e.TeacherFlops, e.VerifierSeconds, e.WallSeconds, e.Rollouts, e.Verified, e.Cost,
                e.Evaluation.Problems, Samples = e.Evaluation.SamplesPerProblem, e.Evaluation.PassAt1, e.Evaluation.Low, e.Evaluation.High,
            },
            cancellationToken: cancellationToken));

    /// <summary>Every stored round of a run, in round order.</summary>
    public static async Task<IReadOnlyList<LedgerEntry>> ReadAsync(DbConnection connection, string runId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT run_id AS RunId, round_number AS Round, route AS Route, checkpoint AS Checkpoint, campaign_id AS CampaignId, " +
            "parameters AS Parameters, sampling_tokens AS SamplingTokens, sampling_flops AS SamplingFlops, training_tokens AS TrainingTokens, " +
            "training_flops AS TrainingFlops, teacher_flops AS TeacherFlops, verifier_seconds AS VerifierSeconds, wall_seconds AS WallSeconds, " +
            "rollouts AS Rollouts, verified AS Verified, CAST(cost_usd AS TEXT) AS Cost, heldout_problems AS Problems, heldout_samples AS Samples, " +
            "heldout_pass_at_1 AS PassAt1, heldout_low AS Low, heldout_high AS High FROM training_ledger WHERE run_id = @RunId ORDER BY round_number",
            new { RunId = runId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEntry())];
    }

    private sealed class Row
    {
        public string RunId { get; set; } = "";
        public long Round { get; set; }
        public string Route { get; set; } = "";
        public string Checkpoint { get; set; } = "";
        public string? CampaignId { get; set; }
        public long Parameters { get; set; }
        public long SamplingTokens { get; set; }
        public double SamplingFlops { get; set; }
        public long TrainingTokens { get; set; }
        public double TrainingFlops { get; set; }
        public double TeacherFlops { get; set; }
        public double VerifierSeconds { get; set; }
        public double WallSeconds { get; set; }
        public long Rollouts { get; set; }
        public long Verified { get; set; }
        public string Cost { get; set; } = "0";
        public long Problems { get; set; }
        public long Samples { get; set; }
        public double PassAt1 { get; set; }
        public double Low { get; set; }
        public double High { get; set; }

        public LedgerEntry ToEntry() => new(
            RunId, (int)Round, Route, Checkpoint, CampaignId, Parameters, SamplingTokens, SamplingFlops, TrainingTokens, TrainingFlops,
            TeacherFlops, VerifierSeconds, WallSeconds, (int)Rollouts, (int)Verified, decimal.Parse(Cost, NumberStyles.Float, CultureInfo.InvariantCulture),
            new HeldOutScore((int)Problems, (int)Samples, PassAt1, Low, High));
    }
}
