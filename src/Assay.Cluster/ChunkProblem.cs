using Assay.Core;

namespace Assay.Cluster;

/// <summary>A <see cref="Problem"/> as it travels in a chunk: flat, so it serialises without knowing the check's type.</summary>
public sealed record ChunkProblem(
    string Id,
    string Suite,
    string Prompt,
    string? Expected,
    string? Test,
    string? EntryPoint,
    IReadOnlyList<string>? OtherEntryPoints,
    bool CallsCheck,
    double TimeoutSeconds,
    string? Reference,
    int Difficulty,
    DateOnly? ReleaseDate)
{
    /// <summary>The travelling form of <paramref name="problem"/>.</summary>
    public static ChunkProblem From(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Check switch
        {
            ExactAnswerCheck exact => new ChunkProblem(problem.Id, problem.Suite, problem.Prompt, exact.Expected, null, null, null, false, 0,
                problem.Reference, problem.Difficulty, problem.ReleaseDate),
            PythonTestsCheck tests => new ChunkProblem(problem.Id, problem.Suite, problem.Prompt, null, tests.Test, tests.EntryPoint,
                tests.OtherEntryPoints, tests.CallsCheck, tests.TimeoutSeconds, problem.Reference, problem.Difficulty, problem.ReleaseDate),
            _ => throw new NotSupportedException($"problem {problem.Id}: check {problem.Check.GetType().Name} cannot travel in a chunk"),
        };
    }

    /// <summary>The problem again.</summary>
    public Problem ToProblem()
    {
        ProblemCheck check = Test is null
            ? new ExactAnswerCheck(Expected ?? "")
            : new PythonTestsCheck(Test, EntryPoint ?? "", TimeoutSeconds) { OtherEntryPoints = OtherEntryPoints ?? [], CallsCheck = CallsCheck };
        return new Problem(Id, Suite, Prompt, check, Reference, Difficulty) { ReleaseDate = ReleaseDate };
    }
}
