namespace Assay.Core.Tests;

public sealed class RolloutAttemptsTests
{
    private static Rollout At(string problem, int sample, int attempt, VerdictStatus status) => new(
        RolloutId.For("c", problem, sample, attempt), "c", problem, sample, "m", "{}", "", null, null, 0, 0, TimeSpan.Zero, 0m,
        new Verdict(status, 0, status.ToString(), Isolation.NotApplicable, TimeSpan.Zero), DateTimeOffset.UnixEpoch, attempt);

    [Fact]
    public void Attempt_0_keeps_the_id_derived_before_attempts_existed_and_later_attempts_get_their_own()
    {
        Assert.Equal(RolloutId.For("c", "p", 3), RolloutId.For("c", "p", 3, 0));
        Assert.NotEqual(RolloutId.For("c", "p", 3, 0), RolloutId.For("c", "p", 3, 1));
        Assert.NotEqual(RolloutId.For("c", "p", 3, 1), RolloutId.For("c", "p", 3, 2));
    }

    [Fact]
    public async Task Each_slot_is_its_latest_attempt_that_is_not_an_infrastructure_failure_else_its_latest()
    {
        Rollout[] ordered =
        [
            At("a", 0, 0, VerdictStatus.Infrastructure), At("a", 0, 1, VerdictStatus.Failed),
            At("a", 1, 0, VerdictStatus.Infrastructure), At("a", 1, 1, VerdictStatus.Infrastructure),
            At("b", 0, 0, VerdictStatus.Passed),
            At("b", 1, 0, VerdictStatus.Refused),
        ];

        var current = await RolloutAttempts.CurrentAsync(ordered.ToAsyncEnumerable()).ToListAsync();

        Assert.Equal(
            [("a", 0, 1, VerdictStatus.Failed), ("a", 1, 1, VerdictStatus.Infrastructure), ("b", 0, 0, VerdictStatus.Passed), ("b", 1, 0, VerdictStatus.Refused)],
            current.Select(r => (r.ProblemId, r.SampleIndex, r.Attempt, r.Verdict.Status)));
        Assert.Equal(current, RolloutAttempts.Current(ordered.Reverse()).OrderBy(r => r.ProblemId, StringComparer.Ordinal).ThenBy(r => r.SampleIndex));
    }
}
