using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Assay.Core;
using Assay.Testing;

namespace Assay.Rollouts.Tests;

/// <summary>
/// Exact-answer problems "What is a + b?" and a policy function for the loopback server that answers each
/// (prompt, seed) correctly or wrongly by a hash, so a test can tell which archived verdicts are right.
/// </summary>
internal static partial class ArithmeticScenario
{
    public static IReadOnlyList<Problem> Problems(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Problem(
            $"arith/{i}", "arith", $"What is {i} + {i * 7 % 13}? Answer with the number only.",
            new ExactAnswerCheck((i + (i * 7 % 13)).ToString(CultureInfo.InvariantCulture))))];

    /// <summary>Right for about two thirds of (prompt, seed) pairs.</summary>
    public static bool AnswersCorrectly(string prompt, long? seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{prompt}|{seed}"));
        return hash[0] % 3 != 0;
    }

    public static string Respond(CompletionRequest request)
    {
        var terms = Sum().Match(request.Prompt);
        var sum = int.Parse(terms.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(terms.Groups[2].Value, CultureInfo.InvariantCulture);
        return AnswersCorrectly(request.Prompt, request.Seed) ? $" {sum}\n" : (sum + 1).ToString(CultureInfo.InvariantCulture);
    }

    public static Campaign Campaign(string id, string model, int n, int? topLogprobs = null) =>
        new(id, model, "arith", n, new SamplingSettings(Temperature: 0.7, MaxTokens: 16, Seed: 1234, TopLogprobs: topLogprobs),
            new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    [GeneratedRegex(@"What is (\d+) \+ (\d+)\?")]
    private static partial Regex Sum();
}
