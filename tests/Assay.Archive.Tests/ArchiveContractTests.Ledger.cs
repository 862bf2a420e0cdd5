using Assay.Core;

namespace Assay.Archive.Tests;

/// <summary>The compute ledger of training runs (migration 11).</summary>
public abstract partial class ArchiveContractTests
{
    private static LedgerEntry Round(string run, int round, double passAt1) => new(
        run, round, "expert-iteration", $"/models/{run}/round-{round}", round == 0 ? null : $"{run}-r{round}", 815_872,
        SamplingTokens: 123_456, SamplingFlops: 2.0 * 815_872 * 123_456, TrainingTokens: 9_876_543_210, TrainingFlops: 6.0 * 815_872 * 9_876_543_210,
        TeacherFlops: 1.5e15, VerifierSeconds: 12.25, WallSeconds: 301.5, Rollouts: 4096, Verified: 97, Cost: 0.0123m,
        new HeldOutScore(60, 8, passAt1, passAt1 - 0.05, passAt1 + 0.05));

    [Fact]
    public async Task Ledger_rounds_come_back_in_round_order_with_every_figure_and_a_stored_round_is_never_rewritten()
    {
        await using var archive = await OpenAsync();
        await archive.AppendLedgerAsync(Round("run-a", 1, 0.20));
        await archive.AppendLedgerAsync(Round("run-a", 0, 0.10));
        await archive.AppendLedgerAsync(Round("run-b", 0, 0.30));
        await archive.AppendLedgerAsync(Round("run-a", 1, 0.99));

        var read = await archive.ReadLedgerAsync("run-a");

        Assert.Equal([Round("run-a", 0, 0.10), Round("run-a", 1, 0.20)], read);
        Assert.Empty(await archive.ReadLedgerAsync("run-c"));
    }
}
