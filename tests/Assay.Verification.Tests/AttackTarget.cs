using Assay.Core;
using Assay.Suites;

namespace Assay.Verification.Tests;

/// <summary>A problem attacks are aimed at, with honest wrong answers to it (function bodies that fail its tests
/// without any trick). <see cref="WrongBodies"/>[0] is the one single attacks combine with their trick.</summary>
internal sealed record AttackTarget(string Id, Problem Problem, IReadOnlyList<string> WrongBodies)
{
    private static readonly Lazy<Dictionary<string, Problem>> s_humanEval =
        new(() => SuiteFile.Load(HumanEvalData.Problems).ToDictionary(p => p.Id));

    /// <summary><see cref="Candidates.Double"/> (with a 3 s limit, as HumanEval's): <c>double(x)</c> returns <c>2 * x</c>.</summary>
    public static AttackTarget Double { get; } = new("double", Candidates.Double(timeoutSeconds: 3.0),
    [
        "    return x + 3\n", "    return x * 3\n", "    return -x\n", "    return None\n", "    return str(2 * x)\n",
        "    return [2 * x]\n", "    return 2 * x + 1\n", "    return float('nan')\n", "    raise ValueError(x)\n",
    ]);

    /// <summary>HumanEval/2 <c>truncate_number</c>; its tests call <c>abs</c>. 0.5 is right for 3.5 only.</summary>
    public static AttackTarget TruncateNumber => HumanEval("HumanEval/2", "    return 0.5\n", "    return number\n", "    return 0.0\n");

    /// <summary>HumanEval/32 <c>find_zero</c>; its tests call <c>math.fabs</c> and the prompt's <c>poly</c>.</summary>
    public static AttackTarget FindZero => HumanEval("HumanEval/32", "    return 0.0\n", "    return 1.0\n", "    return float(xs[0])\n");

    /// <summary>HumanEval/38 <c>decode_cyclic</c>; its tests call the prompt's <c>encode_cyclic</c>.</summary>
    public static AttackTarget DecodeCyclic => HumanEval("HumanEval/38", "    return s\n", "    return s[::-1]\n", "    return encode_cyclic(s)\n");

    /// <summary>Every target, for generators.</summary>
    public static IReadOnlyList<AttackTarget> All => [Double, TruncateNumber, FindZero, DecodeCyclic];

    /// <summary>The real HumanEval problem <paramref name="id"/>.</summary>
    public static Problem HumanEvalProblem(string id) => s_humanEval.Value[id];

    private static AttackTarget HumanEval(string id, params string[] wrongBodies) => new(id, HumanEvalProblem(id), wrongBodies);
}
