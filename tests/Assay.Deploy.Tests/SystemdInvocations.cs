using System.Text.RegularExpressions;

namespace Assay.Deploy.Tests;

/// <summary>The <c>assay</c> command lines of the systemd units, with the environment systemd gives them.</summary>
internal static partial class SystemdInvocations
{
    public static IReadOnlyList<AssayInvocation> All() =>
        [.. System.IO.Directory.GetFiles(SystemdUnit.Directory, "*.service").Order(StringComparer.Ordinal).SelectMany(From)];

    /// <summary>The environment systemd builds for the unit's service: its <c>EnvironmentFile=</c>s (an example file of
    /// the same name beside the unit stands for each; a missing required one is an error) and <c>Environment=</c>s.</summary>
    public static Dictionary<string, string> Environment(SystemdUnit unit)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in unit.Values("Service", "EnvironmentFile"))
        {
            var optional = file.StartsWith('-');
            var example = Path.Combine(SystemdUnit.Directory, Path.GetFileName(file.TrimStart('-')));
            if (!File.Exists(example))
            {
                if (optional)
                {
                    continue;
                }

                throw new FileNotFoundException($"{unit.Path}: EnvironmentFile={file} has no example beside the unit", example);
            }

            foreach (var (name, value) in SystemdUnit.Load(example).Assignments())
            {
                environment[name] = value;
            }
        }

        foreach (var assignments in unit.Values("Service", "Environment"))
        {
            foreach (var assignment in SystemdUnit.Words(assignments))
            {
                var equals = assignment.IndexOf('=', StringComparison.Ordinal);
                environment[assignment[..equals]] = assignment[(equals + 1)..];
            }
        }

        return environment;
    }

    private static IEnumerable<AssayInvocation> From(string path)
    {
        var unit = SystemdUnit.Load(path);
        var environment = Environment(unit);
        foreach (var line in unit.Values("Service", "ExecStart"))
        {
            var substituted = new HashSet<string>(StringComparer.Ordinal);
            var unresolved = new HashSet<string>(StringComparer.Ordinal);
            string Expand(Match match)
            {
                var name = match.Groups[1].Value;
                substituted.Add(name);
                if (environment.TryGetValue(name, out var value))
                {
                    return value;
                }

                unresolved.Add(name);
                return "";
            }

            // ${NAME} stays one word; $NAME alone as a word splits into words at whitespace, as systemd does.
            var words = SystemdUnit.Words(line.TrimStart('-', '@', ':', '+', '!'))
                .SelectMany(word => BareReference().IsMatch(word)
                    ? SystemdUnit.Words(BareReference().Replace(word, Expand))
                    : [BracedReference().Replace(word, Expand)])
                .ToList();
            if (Path.GetFileName(words[0]) == AssayInvocation.Executable)
            {
                yield return new AssayInvocation($"deploy/systemd/{Path.GetFileName(path)} ExecStart", words[1..], environment, substituted, unresolved);
            }
        }
    }

    [GeneratedRegex(@"^\$([A-Za-z_][A-Za-z0-9_]*)$")]
    private static partial Regex BareReference();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex BracedReference();
}
