using Microsoft.Extensions.Time.Testing;

namespace Assay.Rollouts.Tests;

/// <summary>Drives a <see cref="FakeTimeProvider"/> forward until a task completes.</summary>
internal static class FakeClock
{
    public static async Task<T> DriveAsync<T>(FakeTimeProvider time, Task<T> task, TimeSpan step, int maxSteps = 10_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            // Let the awaited work reach its next timer before moving the clock.
            await Task.Delay(1);
            time.Advance(step);
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 30 s");
            await Task.Delay(5);
        }
    }
}
