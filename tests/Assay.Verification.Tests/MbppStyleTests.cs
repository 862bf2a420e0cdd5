using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>Suites whose tests call the solution's functions by name (MBPP's shape) use the same judge and proxies:
/// only the declared entry points are the candidate's, everything else the tests call stays the judge's own.</summary>
public sealed class MbppStyleTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static Problem RemoveOcc(string extraTest = "") => new(
        "mbpp/11",
        "mbpp",
        "# Remove the first and last occurrence of a given character from the string.\n",
        new PythonTestsCheck(
            "assert remove_Occ(\"hello\",\"l\") == \"heo\"\nassert remove_Occ(\"abcda\",\"a\") == \"bcd\"\n"
            + "assert remove_Occ(\"PHP\",\"P\") == \"H\"\nassert len(\"abc\") == 3\n" + extraTest,
            "remove_Occ")
        { CallsCheck = false });

    private const string Correct = """
        def remove_Occ(s, ch):
            first = s.find(ch)
            if first >= 0:
                s = s[:first] + s[first + 1:]
            last = s.rfind(ch)
            if last >= 0:
                s = s[:last] + s[last + 1:]
            return s
        """;

    [Fact]
    public async Task A_correct_function_called_by_name_passes()
    {
        var verdict = await fixture.Sandbox.VerifyAsync(RemoveOcc(), Correct);
        Assert.Equal(VerdictStatus.Passed, verdict.Status);
    }

    [Fact]
    public async Task A_wrong_function_called_by_name_fails()
    {
        var verdict = await fixture.Sandbox.VerifyAsync(RemoveOcc(), "def remove_Occ(s, ch):\n    return s[1:-1]\n");
        Assert.Equal(VerdictStatus.Failed, verdict.Status);
        Assert.Equal("failed: AssertionError", verdict.Detail);
    }

    [Fact]
    public async Task Overriding_builtins_or_defining_the_tests_helpers_changes_nothing_the_tests_see()
    {
        // In one process the last test line (len) would call the candidate's len, and `helper` would be its own.
        var verdict = await fixture.Sandbox.VerifyAsync(RemoveOcc("assert helper() == 'judge'\n"), """
            import builtins
            builtins.len = lambda value: 3
            def helper():
                return 'judge'
            def remove_Occ(s, ch):
                return s[1:-1]
            """);
        // Failed, or Error: the candidate's own len is broken, which garbles its answers.
        Assert.NotEqual(VerdictStatus.Passed, verdict.Status);
        var helperOnly = await fixture.Sandbox.VerifyAsync(RemoveOcc("assert helper() == 'judge'\n"), Correct + "\ndef helper():\n    return 'judge'\n");
        Assert.Equal(VerdictStatus.Failed, helperOnly.Status);
        Assert.Contains("helper", helperOnly.Detail);
    }
}
