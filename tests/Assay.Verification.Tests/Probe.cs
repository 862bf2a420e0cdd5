using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>Problems whose entry point <c>probe()</c> reports on the sandbox from inside: its body is the
/// completion, and the problem's own <c>check</c> (in the judge) asserts on what it returned. The prompt has a
/// docstring, as HumanEval's do, so that it is a valid program on its own.</summary>
internal static class Probe
{
    /// <summary>A problem calling <c>probe()</c> once; <paramref name="checkBody"/> is the body of
    /// <c>check(candidate)</c>, indented by four spaces.</summary>
    public static Problem Problem(string checkBody, double timeoutSeconds = 3.0) => new(
        "test/probe",
        "test",
        "def probe():\n    \"\"\"Reports what it finds inside the sandbox.\"\"\"\n",
        new PythonTestsCheck("def check(candidate):\n" + checkBody, "probe", timeoutSeconds));

    /// <summary>A problem that passes when <c>probe()</c> returns <paramref name="pythonValue"/>.</summary>
    public static Problem Returning(string pythonValue, double timeoutSeconds = 3.0) =>
        Problem($"    result = candidate()\n    assert result == {pythonValue}, result\n", timeoutSeconds);

    /// <summary>A name no other process has in its command line: candidates pass it to what they start, so the test
    /// can look for survivors on the host.</summary>
    public static string Marker() => "assay-probe-" + Guid.NewGuid().ToString("N");
}
