using System.Globalization;

namespace Assay.Bench.Results;

/// <summary>CPU seconds (user + system) of processes, read from <c>/proc</c>: one process, or one with all its descendants.</summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>The CPU seconds <paramref name="pid"/> has used; 0 without a pid.</summary>
    public static double Seconds(int? pid) => pid is { } id && Stat(id) is { } stat ? (stat.User + stat.System) / TicksPerSecond : 0;

    /// <summary>
    /// The CPU seconds of <paramref name="pid"/> and every living descendant (PostgreSQL's postmaster and its backends).
    /// A backend that exits in between is not counted: the load test's connections live through it.
    /// </summary>
    public static double TreeSeconds(int? pid)
    {
        if (pid is null)
        {
            return 0;
        }

        var stats = new List<(int Pid, int Parent, long User, long System)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && Stat(id) is { } stat)
            {
                stats.Add((id, stat.Parent, stat.User, stat.System));
            }
        }

        var tree = new HashSet<int> { pid.Value };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var stat in stats)
            {
                grew |= tree.Contains(stat.Parent) && tree.Add(stat.Pid);
            }
        }

        return stats.Where(s => tree.Contains(s.Pid)).Sum(s => s.User + s.System) / TicksPerSecond;
    }

    private static (int Parent, long User, long System)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // Fields after the command name (which may hold spaces and parentheses): state ppid ... utime(14) stime(15).
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[11], CultureInfo.InvariantCulture), long.Parse(fields[12], CultureInfo.InvariantCulture));
    }
}
