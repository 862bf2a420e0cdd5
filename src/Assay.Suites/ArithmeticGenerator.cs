using System.Globalization;
using Assay.Core;

namespace Assay.Suites;

/// <summary>
/// Integer arithmetic with an exact answer. Difficulty d: the sum of two d-digit numbers, or the product of a
/// d-digit number and a one-digit number. Prompt <c>4721+385=</c>, answer <c>5106</c>.
/// </summary>
public sealed class ArithmeticGenerator : SuiteGenerator
{
    public override string Kind => "arithmetic";

    public override string Description => "n-digit addition and multiplication by a digit; exact answer";

    public override int MaxDifficulty => 8;

    protected override Problem Create(string id, int difficulty, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var low = difficulty == 1 ? 0L : (long)Math.Pow(10, difficulty - 1);
        var high = (long)Math.Pow(10, difficulty);
        var a = random.NextInt64(low, high);
        string prompt;
        long answer;
        if (random.Next(2) == 0)
        {
            var b = random.NextInt64(low, high);
            prompt = string.Create(CultureInfo.InvariantCulture, $"{a}+{b}=");
            answer = a + b;
        }
        else
        {
            var b = random.Next(2, 10);
            prompt = string.Create(CultureInfo.InvariantCulture, $"{a}*{b}=");
            answer = a * b;
        }

        var text = answer.ToString(CultureInfo.InvariantCulture);
        return new Problem(id, Kind, prompt, new ExactAnswerCheck(text), text, difficulty);
    }
}
