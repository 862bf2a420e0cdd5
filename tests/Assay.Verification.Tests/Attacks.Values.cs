namespace Assay.Verification.Tests;

internal static partial class Attacks
{
    /// <summary><c>fractions.Fraction</c>, a pure-Python class the old sandbox allowed, with <c>__eq__</c> patched to
    /// say True (155 of 164 HumanEval tasks passed this way).</summary>
    public static Attack PatchedFraction { get; } = Body("patched-fraction", AttackClass.LyingValue, """
            import fractions
            fractions.Fraction.__eq__ = lambda self, other: True
            return fractions.Fraction(x + 3)

        """);

    /// <summary><c>collections.Counter</c> (a dict subclass the old sandbox allowed) with <c>__eq__</c> patched.</summary>
    public static Attack PatchedCounter { get; } = Body("patched-counter", AttackClass.LyingValue, """
            import collections
            collections.Counter.__eq__ = lambda self, other: True
            return collections.Counter(wrong=x + 3)

        """);

    /// <summary>A subclass of int whose <c>__eq__</c> is patched to always be True.</summary>
    public static Attack LyingIntSubclass { get; } = LyingSubclassOf("int");

    /// <summary>A subclass of str whose <c>__eq__</c> is patched to always be True.</summary>
    public static Attack LyingStrSubclass { get; } = LyingSubclassOf("str");

    /// <summary>A subclass of list whose <c>__eq__</c> is patched to always be True.</summary>
    public static Attack LyingListSubclass { get; } = LyingSubclassOf("list");

    /// <summary>A subclass of dict whose <c>__eq__</c> is patched to always be True.</summary>
    public static Attack LyingDictSubclass { get; } = LyingSubclassOf("dict");

    private static Attack LyingSubclassOf(string builtin) => Body($"lying-{builtin}-subclass", AttackClass.LyingValue, $$"""
            class Liar({{builtin}}):
                pass
            Liar.__eq__ = lambda self, other: True
            Liar.__ne__ = lambda self, other: False
            return Liar()

        """);

    /// <summary>An attack on <see cref="AttackTarget.Double"/> that is all in the entry point's body (and its helpers).</summary>
    private static Attack Body(string name, AttackClass attackClass, string body, string module = "") =>
        new(name, attackClass, AttackTarget.Double, body, module);
}
