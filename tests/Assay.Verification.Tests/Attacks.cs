namespace Assay.Verification.Tests;

/// <summary>The catalogue of attacks: every trick of issue 8's "What passed" list, each as a wrong answer to a real
/// HumanEval problem or to <see cref="AttackTarget.Double"/>. Each one passes a harness that runs the tests in the
/// candidate's process (<see cref="InProcessHarness"/>) or passed the sandbox before issue 8 (see ATTACKS.md).</summary>
internal static partial class Attacks
{
    /// <summary>Every attack, in the order of the list (a getter: the attacks are initialised in other files).</summary>
    public static IReadOnlyList<Attack> All =>
    [
        DictKeyPosingAsCheck, DecoratorOnCheck,
        BuiltinsAbs, ModuleLevelAbs, MathFabs, SysModulesMath, PromptHelperPoly, PromptHelperEncodeCyclic,
        TestCapiMainThreadForgery, DupRelayOfTheVerdict, DupAndSprayFromAChild, ProtocolBytesOnEveryFd,
        PatchedFraction, PatchedCounter, LyingIntSubclass, LyingStrSubclass, LyingListSubclass, LyingDictSubclass,
        DisOfCheck, GcObjects, FrameWalking, InspectStack, GetSource, FileSystemSearch,
    ];

    /// <summary>The attack named <paramref name="name"/>.</summary>
    public static Attack Named(string name) => All.Single(a => a.Name == name);
}
