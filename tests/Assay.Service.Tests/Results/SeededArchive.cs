using Assay.Archive;
using Assay.Core;

namespace Assay.Service.Tests.Results;

/// <summary>
/// An archive with two campaigns on suite s1 whose rollouts straddle the 90-day embargo at <see cref="Now"/>: c-old
/// (model m1) started 100 days before, with a positive rollout 10 days before Now; c-new (model m2) started 5 days before.
/// </summary>
public static class SeededArchive
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public const string Suite = "s1";

    /// <summary>Positive, c-old, 100 days before Now: public at Now.</summary>
    public static readonly string OldPositive = RolloutId.For("c-old", "p1", 0);

    /// <summary>Negative, c-old, 100 days before Now: never public.</summary>
    public static readonly string OldNegative = RolloutId.For("c-old", "p1", 1);

    /// <summary>Positive, c-new, 5 days before Now: public 85 days after Now.</summary>
    public static readonly string NewPositive = RolloutId.For("c-new", "p1", 0);

    /// <summary>p1 released 2026-01-10, p2 2026-04-01, p3 with no known date.</summary>
    public static readonly IReadOnlyList<Problem> Problems =
    [
        new Problem("p1", Suite, "What is one?", new ExactAnswerCheck("1")) { ReleaseDate = new DateOnly(2026, 1, 10) },
        new Problem("p2", Suite, "What is two?", new ExactAnswerCheck("2")) { ReleaseDate = new DateOnly(2026, 4, 1) },
        new Problem("p3", Suite, "What is three?", new ExactAnswerCheck("3")),
    ];

    public static async Task SeedAsync(IRolloutArchive archive)
    {
        var oldStart = Now.AddDays(-100);
        var newStart = Now.AddDays(-5);
        await archive.SaveCampaignAsync(new Campaign("c-old", "m1", Suite, 2, new SamplingSettings(), oldStart), Problems);
        await archive.SaveCampaignAsync(new Campaign("c-new", "m2", Suite, 2, new SamplingSettings(), newStart), Problems);
        await archive.AppendAsync(
        [
            Rollout("c-old", "m1", "p1", 0, VerdictStatus.Passed, oldStart),
            Rollout("c-old", "m1", "p1", 1, VerdictStatus.Failed, oldStart),
            Rollout("c-old", "m1", "p2", 0, VerdictStatus.Passed, Now.AddDays(-95)),
            Rollout("c-old", "m1", "p2", 1, VerdictStatus.Failed, Now.AddDays(-95)),
            Rollout("c-old", "m1", "p3", 0, VerdictStatus.Passed, Now.AddDays(-10)),
            Rollout("c-old", "m1", "p3", 1, VerdictStatus.Infrastructure, Now.AddDays(-10)),
            Rollout("c-new", "m2", "p1", 0, VerdictStatus.Passed, newStart),
            Rollout("c-new", "m2", "p1", 1, VerdictStatus.Passed, newStart),
            Rollout("c-new", "m2", "p2", 0, VerdictStatus.Failed, newStart),
            Rollout("c-new", "m2", "p2", 1, VerdictStatus.Failed, newStart),
        ]);
    }

    public static Rollout Rollout(string campaign, string model, string problem, int sample, VerdictStatus status, DateTimeOffset at, int attempt = 0) => new(
        RolloutId.For(campaign, problem, sample, attempt),
        campaign,
        problem,
        sample,
        model,
        """{"messages":[{"role":"user","content":"solve"}]}""",
        status == VerdictStatus.Passed ? "right answer" : "wrong answer",
        "stop",
        [new TokenLogprob("x", double.NegativeInfinity, [new TopLogprob("x", -0.5)])],
        10,
        5,
        TimeSpan.FromMilliseconds(120),
        0.002m,
        new Verdict(status, status == VerdictStatus.Passed ? 1 : 0, $"{status} detail", Isolation.Namespaces, TimeSpan.FromMilliseconds(30)) { Verifier = "test/1" },
        at,
        attempt);
}
