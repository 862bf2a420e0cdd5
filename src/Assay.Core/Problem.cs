namespace Assay.Core;

/// <summary>
/// One prompt with a way to verify an answer. Code problems follow HumanEval's shape: the candidate's
/// completion continues <see cref="Prompt"/>, and the program run in the sandbox is
/// <c>prompt + completion + "\n" + test + "\n" + "check(" + entry_point + ")"</c>.
/// </summary>
/// <param name="Id">Unique id within its suite, e.g. <c>HumanEval/0</c> or <c>arith/d3/17</c>.</param>
/// <param name="Suite">Name of the suite the problem belongs to.</param>
/// <param name="Prompt">What the policy is shown.</param>
/// <param name="Check">How an answer is verified.</param>
/// <param name="Reference">A known-good answer (HumanEval's <c>canonical_solution</c>), if any.</param>
/// <param name="Difficulty">Difficulty level for generated suites; 0 when not known.</param>
public sealed record Problem(
    string Id,
    string Suite,
    string Prompt,
    ProblemCheck Check,
    string? Reference = null,
    int Difficulty = 0)
{
    /// <summary>When the problem was published (HumanEval: 2021-07-07), if known: results can then be split by
    /// whether a model's training data could have seen it.</summary>
    public DateOnly? ReleaseDate { get; init; }
}
