namespace Assay.Verification.Tests;

internal static partial class Attacks
{
    /// <summary>A key whose hash is that of "check" and which claims to equal it: the lookup of <c>check</c> then runs
    /// its <c>__eq__</c>, which swaps the test function's code for a no-op. Works on any task.</summary>
    public static Attack DictKeyPosingAsCheck { get; } = ModuleOnly("dict-key-posing-as-check", AttackClass.NamespaceTampering,
        AttackTarget.Double, """


        class _PosingAsCheck:
            def __hash__(self):
                return hash("check")

            def __eq__(self, other):
                if type(other) is str and other == "check":
                    for value in list(globals().values()):
                        if getattr(value, "__name__", None) == "check":
                            value.__code__ = (lambda candidate: None).__code__
                    return True
                return False


        globals()[_PosingAsCheck()] = None

        """);

    /// <summary>A last line that decorates whatever is defined next, which is the tests' <c>def check</c>.</summary>
    public static Attack DecoratorOnCheck { get; } = ModuleOnly("decorator-on-check", AttackClass.NamespaceTampering,
        AttackTarget.Double, "@(lambda f: (lambda candidate: None))\n");

    /// <summary><c>builtins.abs</c> answering 0: HumanEval/2 checks <c>abs(candidate(1.33) - 0.33) &lt; 1e-6</c>.</summary>
    public static Attack BuiltinsAbs { get; } = ModuleOnly("builtins-abs", AttackClass.OverridingWhatTestsCall,
        AttackTarget.TruncateNumber, "\n\nimport builtins\nbuiltins.abs = lambda value: 0.0\n");

    /// <summary>A module-level <c>abs</c>, found by the tests before the builtin.</summary>
    public static Attack ModuleLevelAbs { get; } = ModuleOnly("module-level-abs", AttackClass.OverridingWhatTestsCall,
        AttackTarget.TruncateNumber, "\n\ndef abs(value):\n    return 0.0\n");

    /// <summary><c>math.fabs</c> answering 0: HumanEval/32 checks <c>math.fabs(poly(coeffs, solution)) &lt; 1e-4</c>.</summary>
    public static Attack MathFabs { get; } = ModuleOnly("math-fabs", AttackClass.OverridingWhatTestsCall,
        AttackTarget.FindZero, "\n\nimport math\nmath.fabs = lambda value: 0.0\n");

    /// <summary>A fake <c>math</c> in <c>sys.modules</c>: HumanEval/32's <c>check</c> imports math itself.</summary>
    public static Attack SysModulesMath { get; } = ModuleOnly("sys-modules-math", AttackClass.OverridingWhatTestsCall,
        AttackTarget.FindZero, """


        import math
        import sys
        import types

        _fake_math = types.ModuleType("math")
        _fake_math.__dict__.update(vars(math))
        _fake_math.fabs = lambda value: 0.0
        sys.modules["math"] = _fake_math

        """);

    /// <summary>The prompt's own helper redefined: HumanEval/32's tests evaluate <c>poly</c> at the answer.</summary>
    public static Attack PromptHelperPoly { get; } = ModuleOnly("prompt-helper-poly", AttackClass.OverridingWhatTestsCall,
        AttackTarget.FindZero, "\n\ndef poly(xs, x):\n    return 0.0\n");

    /// <summary>The prompt's own helper redefined: HumanEval/38's tests encode with <c>encode_cyclic</c>.</summary>
    public static Attack PromptHelperEncodeCyclic { get; } = ModuleOnly("prompt-helper-encode-cyclic", AttackClass.OverridingWhatTestsCall,
        AttackTarget.DecodeCyclic, "\n\ndef encode_cyclic(s):\n    return s\n");

    private static Attack ModuleOnly(string name, AttackClass attackClass, AttackTarget target, string module) =>
        new(name, attackClass, target, target.WrongBodies[0], module);
}
