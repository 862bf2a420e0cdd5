using Assay.Core;
using Assay.Verification;

namespace Assay.Rollouts.Tests;

public sealed class ReverificationTests
{
    private static readonly Problem Sum = new("arith/1", "arith", "What is 19 + 23?", new ExactAnswerCheck("42"), "42");

    [Fact]
    public async Task Only_another_status_or_reward_is_a_change_not_other_words_for_the_same_verdict()
    {
        Rollout[] rollouts =
        [
            Archived(0, "42", new Verdict(VerdictStatus.Passed, 1, "passed", Isolation.NotApplicable, TimeSpan.Zero)),
            Archived(1, "41", new Verdict(VerdictStatus.Failed, 0, "failed: 41 is not 42", Isolation.NotApplicable, TimeSpan.Zero)),
            Archived(2, "42", new Verdict(VerdictStatus.Failed, 0, "failed: wrong answer", Isolation.NotApplicable, TimeSpan.Zero)),
        ];

        var rescored = await Reverification.RescoreAsync(new ExactAnswerVerifier(), rollouts, Problems(), concurrency: 2);

        Assert.Equal(rollouts, rescored.Select(r => r.Rollout));
        Assert.Equal([false, false, true], rescored.Select(r => r.Changed));
        Assert.Equal(VerdictStatus.Passed, rescored[2].Verdict.Status);
    }

    [Fact]
    public async Task A_verifier_that_fails_gives_an_infrastructure_verdict_which_is_reported_as_a_change()
    {
        var rollout = Archived(0, "42", new Verdict(VerdictStatus.Passed, 1, "passed", Isolation.NotApplicable, TimeSpan.Zero));

        var rescored = Assert.Single(await Reverification.RescoreAsync(new ThrowingVerifier(), [rollout], Problems(), concurrency: 1));

        Assert.Equal(VerdictStatus.Infrastructure, rescored.Verdict.Status);
        Assert.Equal("verifier: no sandbox today", rescored.Verdict.Detail);
        Assert.True(rescored.Changed);
    }

    [Fact]
    public async Task Archived_infrastructure_failures_have_no_verdict_to_check()
    {
        var lost = Archived(0, "", new Verdict(VerdictStatus.Infrastructure, 0, "policy: HTTP 503", Isolation.NotApplicable, TimeSpan.Zero));

        Assert.False(Reverification.IsRescorable(lost));
        await Assert.ThrowsAsync<ArgumentException>(() => Reverification.RescoreAsync(new ExactAnswerVerifier(), [lost], Problems(), 1));
    }

    private static Dictionary<string, Problem> Problems() => new() { [Sum.Id] = Sum };

    private static Rollout Archived(int sample, string completion, Verdict verdict) => new(
        RolloutId.For("c", Sum.Id, sample), "c", Sum.Id, sample, "m", "{}", completion, "stop", null, 1, 1, TimeSpan.Zero, 0m, verdict,
        DateTimeOffset.UnixEpoch);

    private sealed class ThrowingVerifier : IVerifier
    {
        public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("no sandbox today");
    }
}
