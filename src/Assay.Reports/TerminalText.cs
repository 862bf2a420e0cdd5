using System.Globalization;
using System.Text;

namespace Assay.Reports;

/// <summary>
/// The one place that decides how text from a file (task ids, suite and model names, prompts, verdict details) is
/// shown on a terminal or in Markdown: control characters (C0 such as ESC, NUL and newlines, DEL, C1), bidirectional
/// overrides and lone surrogates become visible escapes (<c>\x1B</c>, <c>\n</c>, <c>\u202E</c>), so a suite file
/// cannot move the cursor, rewrite a line or reorder what is shown. Other text, backslashes included, is unchanged.
/// </summary>
public static class TerminalText
{
    /// <summary><paramref name="text"/> with every character that could act on a terminal escaped.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = IndexOfUnsafe(text, 0);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(c).Append(text[++i]);
            }
            else if (!IsUnsafe(c))
            {
                escaped.Append(c);
            }
            else
            {
                escaped.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    '\0' => "\\0",
                    _ when c <= '\u00FF' => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}"),
                    _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                });
            }
        }

        return escaped.ToString();
    }

    private static int IndexOfUnsafe(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    // Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder what follows them.
    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
