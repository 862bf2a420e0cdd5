using Assay.Core;

namespace Assay.Archive;

/// <summary>
/// How domain values are spelled in the archive's columns. Enumerations are words, not ordinals, so that
/// reordering an enum can never change what an archived verdict means.
/// </summary>
internal static class ArchiveColumns
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>Microseconds since the Unix epoch, UTC (sub-microsecond ticks are dropped, as PostgreSQL does).</summary>
    public static long ToMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond;

    /// <summary>The UTC instant <paramref name="microseconds"/> after the Unix epoch.</summary>
    public static DateTimeOffset ToTime(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * TicksPerMicrosecond);

    /// <summary>A duration in whole microseconds.</summary>
    public static long ToMicroseconds(TimeSpan duration) => duration.Ticks / TicksPerMicrosecond;

    /// <summary>The duration of <paramref name="microseconds"/> microseconds.</summary>
    public static TimeSpan ToDuration(long microseconds) => TimeSpan.FromTicks(microseconds * TicksPerMicrosecond);

    public static string ToWord(VerdictStatus status) => status switch
    {
        VerdictStatus.Passed => "passed",
        VerdictStatus.Failed => "failed",
        VerdictStatus.Error => "error",
        VerdictStatus.Timeout => "timeout",
        VerdictStatus.Invalid => "invalid",
        VerdictStatus.Infrastructure => "infrastructure",
        VerdictStatus.Refused => "refused",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown verdict status."),
    };

    public static VerdictStatus ToStatus(string word) => word switch
    {
        "passed" => VerdictStatus.Passed,
        "failed" => VerdictStatus.Failed,
        "error" => VerdictStatus.Error,
        "timeout" => VerdictStatus.Timeout,
        "invalid" => VerdictStatus.Invalid,
        "infrastructure" => VerdictStatus.Infrastructure,
        "refused" => VerdictStatus.Refused,
        _ => throw new InvalidDataException($"Archive column verdict_status holds unknown value '{word}'."),
    };

    public static string ToWord(Isolation isolation) => isolation switch
    {
        Isolation.NotApplicable => "not_applicable",
        Isolation.ProcessOnly => "process_only",
        Isolation.Namespaces => "namespaces",
        Isolation.NamespacesRlimits => "namespaces_rlimits",
        _ => throw new ArgumentOutOfRangeException(nameof(isolation), isolation, "Unknown isolation level."),
    };

    public static Isolation ToIsolation(string word) => word switch
    {
        "not_applicable" => Isolation.NotApplicable,
        "process_only" => Isolation.ProcessOnly,
        "namespaces" => Isolation.Namespaces,
        "namespaces_rlimits" => Isolation.NamespacesRlimits,
        _ => throw new InvalidDataException($"Archive column verdict_isolation holds unknown value '{word}'."),
    };
}
