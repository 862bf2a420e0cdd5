using System.Globalization;
using System.Text;
using Assay.Core;

namespace Assay.Suites;

/// <summary>
/// Function synthesis from input/output examples: the prompt is a Python function header whose docstring shows three
/// examples and ends at <c>return </c>; the completion is the expression, e.g. <c>x*3+2</c>; hidden examples are run
/// in the sandbox, HumanEval-style (<c>check(candidate)</c>). Difficulty: 1 <c>x+a</c> or <c>x*a</c>; 2 <c>x*a+b</c>;
/// 3 <c>x*x+a</c> or <c>(x+a)*b</c>; 4 <c>x*x+x*a+b</c>; 5 <c>x%a+b</c> or <c>x//a+b</c>.
/// </summary>
public sealed class FunctionSynthesisGenerator : SuiteGenerator
{
    private const string EntryPoint = "f";
    private static readonly int[] Shown = [1, 2, 5];
    private static readonly int[] Hidden = [0, 3, 4, 7, 10, 13];

    public override string Kind => "functions";

    public override string Description => "write a Python expression from input/output examples; hidden tests in the sandbox";

    public override int MaxDifficulty => 5;

    protected override Problem Create(string id, int difficulty, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var a = random.Next(2, 10);
        var b = random.Next(1, 10);
        var (expression, function) = (difficulty, random.Next(2)) switch
        {
            (1, 0) => ($"x+{a}", (Func<long, long>)(x => x + a)),
            (1, _) => ($"x*{a}", x => x * a),
            (2, _) => ($"x*{a}+{b}", x => (x * a) + b),
            (3, 0) => ($"x*x+{a}", x => (x * x) + a),
            (3, _) => ($"(x+{a})*{b}", x => (x + a) * b),
            (4, _) => ($"x*x+x*{a}+{b}", x => (x * x) + (x * a) + b),
            (_, 0) => ($"x%{a}+{b}", x => (x % a) + b),
            _ => ($"x//{a}+{b}", x => (x / a) + b),
        };
        var examples = string.Join(' ', Shown.Select(x => string.Create(CultureInfo.InvariantCulture, $"f({x})={function(x)}")));
        var prompt = $"def {EntryPoint}(x):\n    \"\"\"{examples}\"\"\"\n    return ";
        var test = new StringBuilder("def check(candidate):\n");
        foreach (var x in Hidden)
        {
            test.Append(CultureInfo.InvariantCulture, $"    assert candidate({x}) == {function(x)}\n");
        }

        return new Problem(id, Kind, prompt, new PythonTestsCheck(test.ToString(), EntryPoint, 3.0), expression, difficulty);
    }
}
