using Assay.Core;

namespace Assay.Verification.Tests;

public sealed class VerifierTests
{
    [Fact]
    public async Task Routes_exact_answers_and_python_tests_to_their_verifiers()
    {
        await using var sandbox = await PythonSandbox.StartAsync(new SandboxOptions { Workers = 1 });
        var verifier = new Verifier(new ExactAnswerVerifier(), sandbox);
        var exact = await verifier.VerifyAsync(new Problem("a/1", "a", "1+1", new ExactAnswerCheck("2")), "2");
        var code = await verifier.VerifyAsync(Candidates.Double(), Candidates.Correct);

        Assert.Equal((VerdictStatus.Passed, Isolation.NotApplicable), (exact.Status, exact.Isolation));
        Assert.Equal((VerdictStatus.Passed, Isolation.Namespaces), (code.Status, code.Isolation));
    }
}
