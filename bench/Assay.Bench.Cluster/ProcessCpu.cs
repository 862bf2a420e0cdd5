using System.Globalization;

namespace Assay.Bench.Cluster;

/// <summary>CPU seconds of processes and of the machine, read from /proc (clock ticks of 1/100 s).</summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100;

    /// <summary>CPU seconds used by <paramref name="pid"/> and its living children, plus the children it has reaped
    /// (PostgreSQL's backends that ended are counted in the postmaster's cutime), or 0 once it is gone.</summary>
    public static double Seconds(int pid)
    {
        var own = Stat(pid);
        if (own is null)
        {
            return 0;
        }

        var total = own[11] + own[12] + own[13] + own[14];
        foreach (var child in Children(pid))
        {
            if (Stat(child) is { } stat)
            {
                total += stat[11] + stat[12];
            }
        }

        return total / TicksPerSecond;
    }

    /// <summary>The first process whose command line has every one of <paramref name="parts"/> as an argument.</summary>
    public static int? Find(params string[] parts)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid))
            {
                try
                {
                    var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                    if (parts.All(p => arguments.Any(a => a == p || a.EndsWith("/" + p, StringComparison.Ordinal))))
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                }
            }
        }

        return null;
    }

    /// <summary>Busy and total seconds of the whole machine (all cores) since boot.</summary>
    public static (double Busy, double Total) Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Take(8).Sum();
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    /// <summary>The peak resident memory of a process (VmHWM), in MB, or 0 once it is gone.</summary>
    public static double PeakResidentMegabytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The 1-minute load average.</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static IEnumerable<int> Children(int pid)
    {
        var path = $"/proc/{pid}/task/{pid}/children";
        return File.Exists(path)
            ? File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))
            : [];
    }

    /// <summary>The fields after the command name of /proc/PID/stat (index 11 is utime, 12 stime, 13 cutime, 14 cstime).</summary>
    private static double[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return [.. text[(text.LastIndexOf(')') + 2)..].Split(' ').Select(f => double.TryParse(f, CultureInfo.InvariantCulture, out var v) ? v : 0)];
        }
        catch (IOException)
        {
            return null;
        }
    }
}
