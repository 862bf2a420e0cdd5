using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>A small HumanEval-shaped problem: <c>double(x)</c> must return <c>2 * x</c>.</summary>
internal static class Candidates
{
    public const string Correct = "    return 2 * x\n";
    public const string Wrong = "    return x + 3\n";

    public static Problem Double(double timeoutSeconds = 2.0, string extraTest = "") => new(
        "test/double",
        "test",
        "def double(x):\n    \"\"\"Returns twice x.\"\"\"\n",
        new PythonTestsCheck(
            "def check(candidate):\n    assert candidate(2) == 4\n    assert candidate(-5) == -10\n" + extraTest,
            "double",
            timeoutSeconds),
        Correct);

    /// <summary>Lists the processes (pid) whose real uid is in [first, first + count).</summary>
    public static List<int> ProcessesOfUids(int first, int count)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            string[] lines;
            try
            {
                lines = File.ReadAllLines(Path.Combine(directory, "status"));
            }
            catch (IOException)
            {
                continue; // the process ended while we looked
            }

            var uidLine = lines.FirstOrDefault(l => l.StartsWith("Uid:"));
            if (uidLine is not null && int.TryParse(uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], out var uid)
                && uid >= first && uid < first + count)
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>Lists the processes whose command line contains <paramref name="text"/>.</summary>
    public static List<int> ProcessesMentioning(string text)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(text))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        return found;
    }

    /// <summary>Lists the living processes below <paramref name="roots"/> (not the roots themselves).</summary>
    public static List<int> ProcessesDescendingFrom(IReadOnlyCollection<int> roots)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1]);
            }
            catch (IOException)
            {
            }
        }

        var found = new List<int>();
        foreach (var pid in parents.Keys)
        {
            for (var parent = parents[pid]; parents.ContainsKey(parent) || roots.Contains(parent); parent = parents.GetValueOrDefault(parent))
            {
                if (roots.Contains(parent))
                {
                    found.Add(pid);
                    break;
                }
            }
        }

        return found;
    }
}
