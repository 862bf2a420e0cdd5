using System.Globalization;
using Assay.Core;

namespace Assay.Suites;

/// <summary>
/// String manipulation with an exact answer: reverse, sort, count a letter, upper-case. Difficulty d sets the
/// word length (d + 2). Prompts look like <c>reverse:cabd</c>, <c>count b:abcbb</c>.
/// </summary>
public sealed class StringTaskGenerator : SuiteGenerator
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyz";

    public override string Kind => "strings";

    public override string Description => "reverse, sort, count a letter, upper-case a word; exact answer";

    public override int MaxDifficulty => 8;

    protected override Problem Create(string id, int difficulty, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var word = new char[difficulty + 2];
        for (var i = 0; i < word.Length; i++)
        {
            word[i] = Letters[random.Next(Letters.Length)];
        }

        var text = new string(word);
        var (prompt, answer) = random.Next(4) switch
        {
            0 => ($"reverse:{text}", new string(word.Reverse().ToArray())),
            1 => ($"sort:{text}", new string(word.Order().ToArray())),
            2 => Count(text, word[random.Next(word.Length)]),
            _ => ($"upper:{text}", text.ToUpperInvariant()),
        };
        return new Problem(id, Kind, prompt, new ExactAnswerCheck(answer), answer, difficulty);
    }

    private static (string Prompt, string Answer) Count(string text, char letter) =>
        ($"count {letter}:{text}", text.Count(c => c == letter).ToString(CultureInfo.InvariantCulture));
}
