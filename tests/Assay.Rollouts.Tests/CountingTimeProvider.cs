using Microsoft.Extensions.Time.Testing;

namespace Assay.Rollouts.Tests;

/// <summary>A <see cref="FakeTimeProvider"/> that counts the timers created, so a test can wait until a delay is armed
/// before moving the clock past it.</summary>
internal sealed class CountingTimeProvider : FakeTimeProvider
{
    private int _timers;

    public int TimersCreated => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timers);
        return base.CreateTimer(callback, state, dueTime, period);
    }
}
