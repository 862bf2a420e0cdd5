using Assay.Core;

namespace Assay.Rollouts;

/// <summary>
/// Turns a policy's text into what the verifier checks: for code problems the first fenced block
/// (<c>```python</c> preferred, then any <c>```</c> block, else the whole text); for exact answers the trimmed text.
/// </summary>
public static class AnswerExtractor
{
    private const string Fence = "```";

    /// <summary>The answer to verify for <paramref name="problem"/>, taken from <paramref name="completion"/>.</summary>
    public static string Extract(Problem problem, string completion)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(completion);
        return problem.Check switch
        {
            PythonTestsCheck => ExtractCode(completion),
            _ => completion.Trim(),
        };
    }

    /// <summary>The code in the first <c>```python</c> block, else the first <c>```</c> block, else the whole text.</summary>
    public static string ExtractCode(string completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return FencedBlock(completion, "python") ?? FencedBlock(completion, null) ?? completion;
    }

    private static string? FencedBlock(string text, string? language)
    {
        var searchFrom = 0;
        while (true)
        {
            var open = text.IndexOf(Fence, searchFrom, StringComparison.Ordinal);
            if (open < 0)
            {
                return null;
            }

            var lineEnd = text.IndexOf('\n', open);
            if (lineEnd < 0)
            {
                return null;
            }

            var info = text.AsSpan(open + Fence.Length, lineEnd - open - Fence.Length).Trim();
            var close = text.IndexOf(Fence, lineEnd + 1, StringComparison.Ordinal);
            var matches = language is null || info.Equals(language, StringComparison.OrdinalIgnoreCase)
                || info.Equals("py", StringComparison.OrdinalIgnoreCase) || info.Equals("python3", StringComparison.OrdinalIgnoreCase);
            if (matches)
            {
                // An unclosed fence (the answer ran out of tokens) still yields the code written so far.
                var body = close < 0 ? text[(lineEnd + 1)..] : text[(lineEnd + 1)..close];
                return body.TrimEnd() + "\n";
            }

            if (close < 0)
            {
                return null;
            }

            searchFrom = close + Fence.Length;
        }
    }
}
