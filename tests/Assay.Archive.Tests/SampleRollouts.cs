using Assay.Core;

namespace Assay.Archive.Tests;

/// <summary>Rollouts with every field set to something a lossy column would visibly change.</summary>
public static class SampleRollouts
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 30, 15, TimeSpan.FromHours(2));

    public static Campaign Campaign(string id, DateTimeOffset? createdAt = null) => new(
        id,
        "openai:gpt-4o-mini@http://127.0.0.1:8000/v1",
        "humaneval",
        10,
        new SamplingSettings(Temperature: 0.7, TopP: 0.95, MaxTokens: 512, Seed: 1234, TopLogprobs: 5),
        createdAt ?? Start);

    public static Rollout Rollout(string campaignId, string problemId, int sampleIndex, string completion = "    return a + b\n") => new(
        RolloutId.For(campaignId, problemId, sampleIndex),
        campaignId,
        problemId,
        sampleIndex,
        "nano:default",
        """{"messages":[{"role":"user","content":"def add(a, b):\n    \"\"\"Add.\"\"\""}],"temperature":0.7}""",
        completion,
        "stop",
        [
            new TokenLogprob("    ", -0.015625, [new TopLogprob("    ", -0.015625), new TopLogprob("\t", -4.25)]),
            new TokenLogprob("return", -1e-7, []),
            new TokenLogprob("é€", double.NegativeInfinity, [new TopLogprob("x", -0.1)]),
        ],
        41,
        7 + sampleIndex,
        TimeSpan.FromTicks(12_345_670 + 10 * sampleIndex),
        0.000123456789m,
        new Verdict(VerdictStatus.Passed, 1.0, "passed", Isolation.Namespaces, TimeSpan.FromTicks(8_765_430))
        {
            Verifier = "python-sandbox/2 py3.11.2 namespaces 1f0c2a9e",
        },
        Start.AddTicks(10 * (sampleIndex + 1)));

    /// <summary>An infrastructure failure with no finish reason, no logprobs and no verifier: the nullable and empty columns.</summary>
    public static Rollout Bare(string campaignId, string problemId, int sampleIndex) =>
        Rollout(campaignId, problemId, sampleIndex) with
        {
            FinishReason = null,
            Logprobs = null,
            Cost = 0m,
            Verdict = new Verdict(VerdictStatus.Infrastructure, 0.0, "policy: connection refused", Isolation.ProcessOnly, TimeSpan.Zero),
        };

    /// <summary>Asserts two rollouts are equal field by field (record equality compares lists by reference).</summary>
    public static void AssertSame(Rollout expected, Rollout actual)
    {
        Assert.Equal(expected with { Logprobs = null }, actual with { Logprobs = null });
        if (expected.Logprobs is null)
        {
            Assert.Null(actual.Logprobs);
            return;
        }

        Assert.NotNull(actual.Logprobs);
        Assert.Equal(expected.Logprobs.Count, actual.Logprobs.Count);
        for (var i = 0; i < expected.Logprobs.Count; i++)
        {
            Assert.Equal(expected.Logprobs[i].Token, actual.Logprobs[i].Token);
            Assert.Equal(expected.Logprobs[i].Logprob, actual.Logprobs[i].Logprob);
            Assert.Equal(expected.Logprobs[i].Top, actual.Logprobs[i].Top);
        }
    }
}
