namespace Assay.Core;

/// <summary>How a problem's answer is verified. Exactly one of the two derived records.</summary>
public abstract record ProblemCheck;

/// <summary>The answer must equal <paramref name="Expected"/> after trimming surrounding whitespace.</summary>
public sealed record ExactAnswerCheck(string Expected) : ProblemCheck;

/// <summary>
/// The completion is Python code run with hidden tests. In HumanEval's shape (<see cref="CallsCheck"/>), <paramref name="Test"/>
/// defines <c>check(candidate)</c>, which is called with <paramref name="EntryPoint"/>; in MBPP's shape the test's own
/// statements call the entry points by name. Either way the tests see only the names in <see cref="EntryPoints"/> as the
/// candidate's, and only as proxies: never builtins, the prompt's own names or the tests' names.
/// </summary>
public sealed record PythonTestsCheck(string Test, string EntryPoint, double TimeoutSeconds = 3.0) : ProblemCheck
{
    /// <summary>Further functions of the candidate's that the tests call by name (MBPP style), besides <see cref="EntryPoint"/>.</summary>
    public IReadOnlyList<string> OtherEntryPoints { get; init; } = [];

    /// <summary>True (HumanEval) when the test defines <c>check</c> and the verifier calls <c>check(entry_point)</c>; false
    /// (MBPP) when the test's statements are the check.</summary>
    public bool CallsCheck { get; init; } = true;

    /// <summary><see cref="EntryPoint"/> and <see cref="OtherEntryPoints"/>.</summary>
    public IReadOnlyList<string> EntryPoints => [EntryPoint, .. OtherEntryPoints];
}
