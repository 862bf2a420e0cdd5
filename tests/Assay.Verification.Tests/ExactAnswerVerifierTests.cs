using Assay.Core;

namespace Assay.Verification.Tests;

public sealed class ExactAnswerVerifierTests
{
    private static readonly Problem Sum = new("arith/1", "arith", "What is 19 + 23?", new ExactAnswerCheck("42"));

    [Theory]
    [InlineData("42", VerdictStatus.Passed)]
    [InlineData("  42\n", VerdictStatus.Passed)]
    [InlineData("41", VerdictStatus.Failed)]
    [InlineData("42.0", VerdictStatus.Failed)]
    [InlineData("", VerdictStatus.Invalid)]
    [InlineData(" \n\t", VerdictStatus.Invalid)]
    public async Task Trimmed_answer_must_equal_the_expected_one(string answer, VerdictStatus expected)
    {
        var verdict = await new ExactAnswerVerifier().VerifyAsync(Sum, answer);
        Assert.Equal(expected, verdict.Status);
        Assert.Equal(expected == VerdictStatus.Passed ? 1.0 : 0.0, verdict.Reward);
        Assert.Equal(Isolation.NotApplicable, verdict.Isolation);
    }
}
