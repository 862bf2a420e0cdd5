namespace Assay.Cluster;

/// <summary>
/// How a per-minute limit is cut into windows: the refill period of the single-machine limiter
/// (<see cref="Assay.Rollouts.RateLimitingChatClient"/>): max(1, perMinute / 60) permits per window of
/// 60 s × permits / perMinute, so 600 requests per minute are 10 per 1 s window and 30 per minute are 1 per 2 s window.
/// Windows are aligned on Unix time, so every worker (and a service counting what it receives) cuts time the same way.
/// </summary>
/// <param name="Permits">Permits per window.</param>
/// <param name="Length">The window's length.</param>
public sealed record RateWindowShape(int Permits, TimeSpan Length)
{
    /// <summary>The windows of a per-minute limit.</summary>
    public static RateWindowShape PerMinute(int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        var permits = Math.Max(1, perMinute / 60);
        return new RateWindowShape(permits, TimeSpan.FromMinutes(1) * permits / perMinute);
    }

    /// <summary>The index of the window holding <paramref name="time"/>.</summary>
    public long IndexOf(DateTimeOffset time) => time.ToUnixTimeMilliseconds() * TimeSpan.TicksPerMillisecond / Length.Ticks;

    /// <summary>When window <paramref name="index"/> starts.</summary>
    public DateTimeOffset StartOf(long index) => DateTimeOffset.FromUnixTimeMilliseconds(index * Length.Ticks / TimeSpan.TicksPerMillisecond);
}
