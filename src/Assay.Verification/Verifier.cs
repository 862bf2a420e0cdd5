using Assay.Core;

namespace Assay.Verification;

/// <summary>Routes each problem to the verifier for its kind of check: <see cref="ExactAnswerCheck"/> to
/// <paramref name="exactAnswers"/>, <see cref="PythonTestsCheck"/> to <paramref name="pythonTests"/>
/// (normally a <see cref="PythonSandbox"/>).</summary>
public sealed class Verifier(IVerifier exactAnswers, IVerifier pythonTests) : IVerifier
{
    private readonly IVerifier _exactAnswers = exactAnswers ?? throw new ArgumentNullException(nameof(exactAnswers));
    private readonly IVerifier _pythonTests = pythonTests ?? throw new ArgumentNullException(nameof(pythonTests));

    /// <inheritdoc />
    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Check switch
        {
            ExactAnswerCheck => _exactAnswers.VerifyAsync(problem, completion, cancellationToken),
            PythonTestsCheck => _pythonTests.VerifyAsync(problem, completion, cancellationToken),
            _ => throw new NotSupportedException($"Problem {problem.Id}: no verifier for {problem.Check.GetType().Name}."),
        };
    }
}
