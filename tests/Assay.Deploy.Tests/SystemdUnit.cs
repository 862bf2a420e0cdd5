using System.Text;

namespace Assay.Deploy.Tests;

/// <summary>
/// A systemd unit file or environment file of deploy/systemd, read as systemd reads it: <c>[Section]</c> headers,
/// <c>Key=value</c> lines (a key may repeat), comments after <c>#</c> or <c>;</c>, a trailing backslash continuing a
/// line; and command lines split into words with systemd's quoting.
/// </summary>
internal sealed class SystemdUnit
{
    private readonly List<(string Section, string Key, string Value)> _entries = [];

    private SystemdUnit(string path) => Path = path;

    /// <summary>The directory of the plain-machine examples.</summary>
    public static string Directory => System.IO.Path.Combine(Assay.Testing.RepositoryPaths.Root, "deploy", "systemd");

    public string Path { get; }

    public static SystemdUnit Load(string path)
    {
        var unit = new SystemdUnit(path);
        var section = "";
        var pending = new StringBuilder();
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line[0] is '#' or ';'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending.Append(line[..^1]).Append(' ');
                continue;
            }

            line = pending.Append(line).ToString();
            pending.Clear();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1];
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                unit._entries.Add((section, line[..equals].Trim(), line[(equals + 1)..].Trim()));
            }
        }

        return unit;
    }

    /// <summary>Every value of <paramref name="key"/> in <paramref name="section"/>, in order.</summary>
    public IEnumerable<string> Values(string section, string key) =>
        _entries.Where(e => e.Section == section && e.Key == key).Select(e => e.Value);

    /// <summary>The assignments of an environment file (its lines are <c>NAME=value</c>, in no section).</summary>
    public IReadOnlyDictionary<string, string> Assignments() =>
        _entries.Where(e => e.Section.Length == 0).ToDictionary(e => e.Key, e => Unquote(e.Value), StringComparer.Ordinal);

    /// <summary>Splits a command line or an <c>Environment=</c> value into words, honouring double and single quotes.</summary>
    public static IReadOnlyList<string> Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in line)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'' ? value[1..^1] : value;
}
