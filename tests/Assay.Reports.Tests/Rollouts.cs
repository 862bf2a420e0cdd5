using Assay.Core;

namespace Assay.Reports.Tests;

/// <summary>Builds the rollouts of small hand-computed cases.</summary>
public static class Rollouts
{
    public static readonly DateTimeOffset At = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static Campaign Campaign(string id, string model = "m", string suite = "s") =>
        new(id, model, suite, 4, new SamplingSettings(), At);

    /// <summary>Samples of one problem: <paramref name="passed"/> pass, <paramref name="failed"/> fail,
    /// <paramref name="infrastructure"/> are infrastructure failures; each costs 10 + 5 tokens and $0.01. Scored samples
    /// carry <see cref="Isolation.Namespaces"/> and the verifier <c>python-sandbox/test</c>.</summary>
    public static IEnumerable<Rollout> Problem(string campaignId, string problemId, int passed, int failed, int infrastructure = 0, string model = "m")
    {
        const string verifier = "python-sandbox/test";
        var index = 0;
        for (var i = 0; i < passed; i++)
        {
            yield return Make(campaignId, problemId, index++, model, new Verdict(VerdictStatus.Passed, 1, "passed", Isolation.Namespaces, TimeSpan.Zero) { Verifier = verifier });
        }

        for (var i = 0; i < failed; i++)
        {
            yield return Make(campaignId, problemId, index++, model, new Verdict(VerdictStatus.Failed, 0, "failed: AssertionError", Isolation.Namespaces, TimeSpan.Zero) { Verifier = verifier });
        }

        for (var i = 0; i < infrastructure; i++)
        {
            yield return Make(campaignId, problemId, index++, model, new Verdict(VerdictStatus.Infrastructure, 0, "policy: HTTP 503", Isolation.NotApplicable, TimeSpan.Zero));
        }
    }

    public static Rollout Make(string campaignId, string problemId, int sampleIndex, string model, Verdict verdict) => new(
        RolloutId.For(campaignId, problemId, sampleIndex),
        campaignId,
        problemId,
        sampleIndex,
        model,
        "{}",
        "answer",
        "stop",
        null,
        10,
        5,
        TimeSpan.FromSeconds(1),
        0.01m,
        verdict,
        At);
}
