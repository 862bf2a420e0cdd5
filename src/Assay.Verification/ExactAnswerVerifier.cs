using Assay.Core;

namespace Assay.Verification;

/// <summary>Verifies <see cref="ExactAnswerCheck"/> problems: the answer, trimmed, must equal the expected
/// answer, trimmed (ordinal comparison). An empty or blank answer is <see cref="VerdictStatus.Invalid"/>.</summary>
public sealed class ExactAnswerVerifier : IVerifier
{
    /// <summary>Which verifier this is, recorded in every verdict it gives (<see cref="Verdict.Verifier"/>). The version
    /// changes whenever the comparison rule does, so <c>assay reverify</c> can tell old verdicts from new ones.</summary>
    public string Identity { get; } = "exact-answer/1";

    /// <inheritdoc />
    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(completion);
        if (problem.Check is not ExactAnswerCheck check)
        {
            throw new ArgumentException($"Problem {problem.Id} has a {problem.Check.GetType().Name}, not an exact-answer check.", nameof(problem));
        }

        var answer = completion.Trim();
        var verdict = answer.Length == 0
            ? new Verdict(VerdictStatus.Invalid, 0.0, "invalid: empty answer", Isolation.NotApplicable, TimeSpan.Zero)
            : string.Equals(answer, check.Expected.Trim(), StringComparison.Ordinal)
                ? new Verdict(VerdictStatus.Passed, 1.0, "passed", Isolation.NotApplicable, TimeSpan.Zero)
                : new Verdict(VerdictStatus.Failed, 0.0, "failed: wrong answer", Isolation.NotApplicable, TimeSpan.Zero);
        return ValueTask.FromResult(verdict with { Verifier = Identity });
    }
}
