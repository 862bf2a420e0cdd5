using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>Each attack of issue 8's "What passed" list, as a wrong answer, in both legs: none may pass, and the
/// problem's correct answer still passes in the same sandbox. The last test shows that each attack passes a harness
/// that shares the candidate's process, so these tests fail where the tests and the candidate share one.</summary>
[Collection(LegSandboxesDefinition.Name)]
public sealed class AttackTests(LegSandboxes sandboxes)
{
    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Dict_key_posing_as_check_does_not_swap_the_tests(SandboxLeg leg) => AssertFails(leg, Attacks.DictKeyPosingAsCheck);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Last_line_decorator_does_not_replace_the_tests_check(SandboxLeg leg) => AssertFails(leg, Attacks.DecoratorOnCheck);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Overriding_builtins_abs_does_not_change_the_tests(SandboxLeg leg) => AssertFails(leg, Attacks.BuiltinsAbs);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Module_level_abs_does_not_change_the_tests(SandboxLeg leg) => AssertFails(leg, Attacks.ModuleLevelAbs);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Overriding_math_fabs_does_not_change_the_tests(SandboxLeg leg) => AssertFails(leg, Attacks.MathFabs);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Fake_math_in_sys_modules_does_not_reach_the_tests(SandboxLeg leg) => AssertFails(leg, Attacks.SysModulesMath);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Redefining_the_prompts_poly_does_not_change_the_tests(SandboxLeg leg) => AssertFails(leg, Attacks.PromptHelperPoly);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Redefining_the_prompts_encode_cyclic_does_not_change_the_tests(SandboxLeg leg) =>
        AssertFails(leg, Attacks.PromptHelperEncodeCyclic);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Testcapi_on_the_main_thread_cannot_forge_the_verdict(SandboxLeg leg) => AssertFails(leg, Attacks.TestCapiMainThreadForgery);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Dup2_relay_of_the_verdict_by_a_child_cannot_forge_it(SandboxLeg leg) => AssertFails(leg, Attacks.DupRelayOfTheVerdict);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Dup2_and_a_child_spraying_passed_cannot_forge_the_verdict(SandboxLeg leg) => AssertFails(leg, Attacks.DupAndSprayFromAChild);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Protocol_bytes_on_every_fd_cannot_forge_the_verdict(SandboxLeg leg) => AssertFails(leg, Attacks.ProtocolBytesOnEveryFd);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Patched_fraction_is_refused_by_name(SandboxLeg leg) => AssertFails(leg, Attacks.PatchedFraction, named: "Fraction");

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Patched_counter_is_refused_by_name(SandboxLeg leg) => AssertFails(leg, Attacks.PatchedCounter, named: "Counter");

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Lying_int_subclass_is_refused_by_name(SandboxLeg leg) => AssertFails(leg, Attacks.LyingIntSubclass, named: "Liar");

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Lying_str_subclass_is_refused_by_name(SandboxLeg leg) => AssertFails(leg, Attacks.LyingStrSubclass, named: "Liar");

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Lying_list_subclass_is_refused_by_name(SandboxLeg leg) => AssertFails(leg, Attacks.LyingListSubclass, named: "Liar");

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Lying_dict_subclass_is_refused_by_name(SandboxLeg leg) => AssertFails(leg, Attacks.LyingDictSubclass, named: "Liar");

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Dis_of_the_tests_check_finds_no_expected_values(SandboxLeg leg) => AssertFails(leg, Attacks.DisOfCheck);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Gc_objects_hold_no_test_function(SandboxLeg leg) => AssertFails(leg, Attacks.GcObjects);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Walking_frames_finds_no_test_frame(SandboxLeg leg) => AssertFails(leg, Attacks.FrameWalking);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Inspect_stack_finds_no_test_frame(SandboxLeg leg) => AssertFails(leg, Attacks.InspectStack);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Getsource_finds_no_test_source(SandboxLeg leg) => AssertFails(leg, Attacks.GetSource);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Searching_files_and_proc_finds_no_test_text(SandboxLeg leg) => AssertFails(leg, Attacks.FileSystemSearch);

    /// <summary>The attacks aimed at a harness in the candidate's process (the two dup2 ones aim at the old sandbox's
    /// private verdict pipe, and would leave a child blocked here).</summary>
    public static TheoryData<string> InProcessAttacks =>
        [.. Attacks.All.Where(a => a.Name is not ("dup2-relay-of-the-verdict" or "dup2-and-spray-from-a-child")).Select(a => a.Name)];

    [Theory]
    [MemberData(nameof(InProcessAttacks))]
    public async Task Each_attack_passes_a_harness_that_shares_the_candidates_process(string name)
    {
        var attack = Attacks.Named(name);
        var (passed, output) = await InProcessHarness.RunAsync(attack.Target.Problem, attack.Completion);
        Assert.True(passed, $"{name} did not pass the in-process harness, so its sandbox test proves nothing:\n{output}");
    }

    private async Task AssertFails(SandboxLeg leg, Attack attack, string? named = null)
    {
        var verdict = await sandboxes.VerifyAsync(leg, attack.Target.Problem, attack.Completion);
        Assert.False(verdict.Status is VerdictStatus.Passed or VerdictStatus.Infrastructure,
            $"{attack.Name} ({leg}): {verdict.Status}, {verdict.Detail}");
        if (named is not null)
        {
            Assert.Contains(named, verdict.Detail);
        }

        var correct = attack.Target.Problem.Reference ?? Candidates.Correct;
        var honest = await sandboxes.VerifyAsync(leg, attack.Target.Problem, correct);
        Assert.True(honest.Passed, $"the correct answer to {attack.Target.Id} ({leg}): {honest.Status}, {honest.Detail}");
    }
}
