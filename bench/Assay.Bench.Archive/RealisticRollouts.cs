using System.Text;
using Assay.Core;

namespace Assay.Bench.Archive;

/// <summary>
/// Rollouts shaped like a code campaign's: a ~300-byte request, a ~1 KB completion, and for one rollout in
/// four (the services that return them) 64 tokens of logprobs with 5 alternatives each, about 9 KB of JSON.
/// </summary>
internal static class RealisticRollouts
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz_ ()=+-:\n    ";

    public static Rollout[] Make(string campaignId, int count, int seed)
    {
        var random = new Random(seed);
        var rollouts = new Rollout[count];
        var at = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var problem = $"HumanEval/{i % 164}";
            var sample = i / 164;
            var passed = random.NextDouble() < 0.4;
            rollouts[i] = new Rollout(
                RolloutId.For(campaignId, problem, sample),
                campaignId,
                problem,
                sample,
                "openai:qwen2.5-coder-7b@http://127.0.0.1:8000/v1",
                $$"""{"model":"qwen2.5-coder-7b","temperature":0.8,"top_p":0.95,"max_tokens":512,"messages":[{"role":"user","content":"{{Text(random, 200)}}"}]}""",
                Text(random, 1024),
                "stop",
                i % 4 == 0 ? Logprobs(random, 64, 5) : null,
                180 + random.Next(200),
                220 + random.Next(300),
                TimeSpan.FromMilliseconds(400 + random.Next(3000)),
                0.0000005m * (400 + random.Next(500)),
                new Verdict(passed ? VerdictStatus.Passed : VerdictStatus.Failed, passed ? 1 : 0, passed ? "passed" : "failed: AssertionError", Isolation.Namespaces, TimeSpan.FromMilliseconds(30 + random.Next(200))),
                at.AddMilliseconds(i));
        }

        return rollouts;
    }

    private static string Text(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return text.ToString();
    }

    private static TokenLogprob[] Logprobs(Random random, int tokens, int top)
    {
        var list = new TokenLogprob[tokens];
        for (var t = 0; t < tokens; t++)
        {
            var alternatives = new TopLogprob[top];
            for (var a = 0; a < top; a++)
            {
                alternatives[a] = new TopLogprob(Text(random, 3), -random.NextDouble() * 8);
            }

            list[t] = new TokenLogprob(Text(random, 3), -random.NextDouble() * 2, alternatives);
        }

        return list;
    }
}
