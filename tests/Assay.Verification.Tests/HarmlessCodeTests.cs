using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>Controls: correct answers written in unusual but harmless ways still pass, and every plain value crosses
/// from the candidate to the tests as exactly the built-in it was. A sandbox that refused these would fail honest
/// models.</summary>
[Collection(LegSandboxesDefinition.Name)]
public sealed class HarmlessCodeTests(LegSandboxes sandboxes)
{
    private static readonly (string Name, Problem Problem, string Completion)[] s_controls =
    [
        ("a thread", Candidates.Double(), """
                import threading
                box = []
                worker = threading.Thread(target=lambda: box.append(2 * x))
                worker.start()
                worker.join()
                return box[0]

            """),
        ("recursion 900 deep", Candidates.Double(), """
                def depth(n):
                    return 0 if n == 0 else 1 + depth(n - 1)
                return 2 * x + depth(900) - 900

            """),
        ("a helper class of its own", Candidates.Double(), """
                return _Doubler(x).value


            class _Doubler:
                def __init__(self, value):
                    self.value = value * 2

            """),
        ("a generator used inside", Candidates.Double(), "    return sum(value for value in (x, x))\n"),
        ("a memoised helper", Candidates.Double(), "    return _twice(x)\n\n\nimport functools\n\n\n@functools.lru_cache(None)\ndef _twice(v):\n    return v + v\n"),
        ("1 MB printed to stdout", Candidates.Double(), "    for _ in range(1000):\n        print('x' * 1000)\n    return 2 * x\n"),
        ("catching BaseException", Candidates.Double(), "    try:\n        raise KeyboardInterrupt\n    except BaseException:\n        return 2 * x\n"),
        ("a list of 100,000 ints", Probe.Returning("list(range(100_000))"), "    return list(range(100_000))\n"),
        ("a 1 MB string", Probe.Returning("'ab' * 500_000"), "    return 'ab' * 500_000\n"),
        ("a dict of 10,000 entries", Probe.Returning("{str(i): [i] for i in range(10_000)}"), "    return {str(i): [i] for i in range(10_000)}\n"),
        ("every plain type, exactly", Probe.Problem("""
                import math
                value = candidate()
                assert type(value) is tuple and len(value) == 12, value
                none, true, one, negative_zero, infinity, nan, text, data, nested, mapping, frozen, big = value
                assert none is None and true is True and type(one) is int and one == 1, value
                assert type(negative_zero) is float and math.copysign(1.0, negative_zero) == -1.0, value
                assert infinity == float("-inf") and type(nan) is float and math.isnan(nan), value
                assert text == "é\u2603\x00" and type(data) is bytes and data == b"\x00\xff", value
                assert nested == [1, (2, [3])] and type(nested[1]) is tuple and type(nested[1][1]) is list, value
                assert mapping == {"a": {1, 2}, (1, 2): None} and type(mapping["a"]) is set, value
                assert frozen == frozenset({3}) and type(frozen) is frozenset and big == 10 ** 100, value

            """), """
                return (None, True, 1, -0.0, float("-inf"), float("nan"), "é\u2603\x00", b"\x00\xff", [1, (2, [3])],
                        {"a": {1, 2}, (1, 2): None}, frozenset({3}), 10 ** 100)

            """),
    ];

    [Theory, AsRoot, AsUnprivilegedUser]
    public async Task Correct_answers_in_unusual_but_harmless_code_pass(SandboxLeg leg)
    {
        var sandbox = await sandboxes.For(leg);
        var failures = new List<string>();
        foreach (var (name, problem, completion) in s_controls)
        {
            var verdict = await sandbox.VerifyAsync(problem, completion);
            if (!verdict.Passed)
            {
                failures.Add($"{name}: {verdict.Status}, {verdict.Detail}");
            }
        }

        Assert.True(failures.Count == 0, $"{leg}:\n" + string.Join("\n", failures));
    }

    [Theory, AsRoot, AsUnprivilegedUser]
    public async Task Every_reference_solution_of_the_attacked_problems_passes(SandboxLeg leg)
    {
        var sandbox = await sandboxes.For(leg);
        foreach (var target in AttackTarget.All)
        {
            var verdict = await sandbox.VerifyAsync(target.Problem, target.Problem.Reference ?? Candidates.Correct);
            Assert.True(verdict.Status == VerdictStatus.Passed, $"{leg}: {target.Id}: {verdict.Status}, {verdict.Detail}");
        }
    }
}
