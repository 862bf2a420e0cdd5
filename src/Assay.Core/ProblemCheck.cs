namespace Assay.Core;

/// <summary>How a problem's answer is verified. Exactly one of the two derived records.</summary>
public abstract record ProblemCheck;

/// <summary>The answer must equal <paramref name="Expected"/> after trimming surrounding whitespace.</summary>
public sealed record ExactAnswerCheck(string Expected) : ProblemCheck;

/// <summary>
/// The completion is Python code run with hidden tests: <paramref name="Test"/> defines
/// <c>check(candidate)</c>, which is called with <paramref name="EntryPoint"/>.
/// </summary>
public sealed record PythonTestsCheck(string Test, string EntryPoint, double TimeoutSeconds = 3.0) : ProblemCheck;
