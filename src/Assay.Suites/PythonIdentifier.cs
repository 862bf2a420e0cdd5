namespace Assay.Suites;

/// <summary>
/// Whether a suite's function name is one a Python program can define and the verifier can find by name. Python
/// NFKC-normalises the identifiers in source (<c>def ﬁnd</c> defines <c>find</c>), so a non-ASCII name can name a
/// function other than the one written, or none (a full-width digit becomes a leading digit). This build runs with
/// invariant globalisation, where .NET has no NFKC tables, so only names that NFKC leaves alone for certain are taken:
/// ASCII identifiers. Every known benchmark (HumanEval, MBPP, APPS) uses those.
/// </summary>
internal static class PythonIdentifier
{
    private static readonly HashSet<string> s_keywords = new(
        ("False None True and as assert async await break class continue def del elif else except finally for from "
        + "global if import in is lambda nonlocal not or pass raise return try while with yield").Split(' '),
        StringComparer.Ordinal);

    /// <summary>Null when <paramref name="name"/> is a usable function name, else why not.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "is empty";
        }

        if (!name.All(char.IsAscii))
        {
            return "is not an ASCII Python identifier (Python would NFKC-normalise it into a name the tests may not find)";
        }

        if (char.IsAsciiDigit(name[0]) || !name.All(c => c == '_' || char.IsAsciiLetterOrDigit(c)))
        {
            return "is not a Python identifier";
        }

        return s_keywords.Contains(name) ? "is a Python keyword" : null;
    }
}
