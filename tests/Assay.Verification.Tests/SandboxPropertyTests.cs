using Assay.Core;
using CsCheck;
using Xunit.Abstractions;

namespace Assay.Verification.Tests;

/// <summary>A wrong answer never passes, whatever tricks come with it: CsCheck draws an attack of the catalogue, a
/// wrong body for its target, and often a second, module-level trick of another class; none of the drawn cases may
/// pass, nor be laundered into Infrastructure.</summary>
[Collection(LegSandboxesDefinition.Name)]
public sealed class SandboxPropertyTests(ITestOutputHelper output)
{
    private const int Cases = 200;

    /// <summary>A drawn case: a name saying what was combined, the problem and the completion.</summary>
    private sealed record Case(string Name, Problem Problem, string Completion);

    private static Gen<Case> WrongAnswersWithTricks()
    {
        var attacks = Attacks.All.ToArray();
        var stackable = attacks.Where(a => a.ModuleOnly).ToArray();
        return Gen.Select(Gen.OneOf(attacks), Gen.Int[0, 100], Gen.Int[0, (2 * stackable.Length) - 1], (main, bodyIndex, extraIndex) =>
        {
            // A trick that is all module code follows any wrong body of its target.
            var attack = main.ModuleOnly ? main with { Body = main.Target.WrongBodies[bodyIndex % main.Target.WrongBodies.Count] } : main;
            var extra = extraIndex < stackable.Length && stackable[extraIndex].Class != main.Class ? stackable[extraIndex] : null;
            return extra is null
                ? new Case(main.Name, attack.Target.Problem, attack.Completion)
                : new Case($"{main.Name} + {extra.Name}", attack.Target.Problem, attack.CompletionWith(extra));
        });
    }

    [Theory, AsRoot, AsUnprivilegedUser]
    public async Task Wrong_answers_combined_with_any_tricks_never_pass(SandboxLeg leg)
    {
        await using var sandbox = await SandboxLegs.StartAsync(leg, LegSandboxes.Options with { Workers = 2 });
        await WrongAnswersWithTricks().SampleAsync(async drawn =>
        {
            var verdict = await sandbox.VerifyAsync(drawn.Problem, drawn.Completion);
            Assert.False(verdict.Status is VerdictStatus.Passed or VerdictStatus.Infrastructure,
                $"{leg}: {drawn.Name} on {drawn.Problem.Id}: {verdict.Status}, {verdict.Detail}");
        }, writeLine: output.WriteLine, iter: Cases, threads: 2, print: drawn => $"{drawn.Name} on {drawn.Problem.Id}:\n{drawn.Completion}");
    }
}
