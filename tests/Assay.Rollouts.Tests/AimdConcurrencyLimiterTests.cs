using System.Net;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts.Tests;

public sealed class AimdConcurrencyLimiterTests
{
    [Fact]
    public async Task Successes_raise_the_limit_by_about_one_per_window_up_to_the_maximum()
    {
        var limiter = new AimdConcurrencyLimiter(minimum: 1, maximum: 10, initial: 4);
        for (var i = 0; i < 4; i++)
        {
            limiter.Release(await limiter.AcquireAsync(default), ConcurrencyOutcome.Success);
        }

        // 4 successes at limit 4 add 1/4 + 1/4.25 + 1/4.49 + 1/4.71 ≈ 0.92: one window, about one slot.
        Assert.Equal(4, limiter.CurrentLimit);
        limiter.Release(await limiter.AcquireAsync(default), ConcurrencyOutcome.Success);
        Assert.Equal(5, limiter.CurrentLimit);

        for (var i = 0; i < 500; i++)
        {
            limiter.Release(await limiter.AcquireAsync(default), ConcurrencyOutcome.Success);
        }

        Assert.Equal(10, limiter.CurrentLimit);
    }

    [Fact]
    public async Task A_burst_of_429s_from_one_window_halves_the_limit_once()
    {
        var limiter = new AimdConcurrencyLimiter(minimum: 2, maximum: 64, initial: 32);
        var tickets = new List<long>();
        for (var i = 0; i < 32; i++)
        {
            tickets.Add(await limiter.AcquireAsync(default));
        }

        foreach (var ticket in tickets)
        {
            limiter.Release(ticket, ConcurrencyOutcome.Overloaded);
        }

        Assert.Equal(16, limiter.CurrentLimit);

        // A request started after the decrease may decrease again; the floor holds.
        for (var i = 0; i < 10; i++)
        {
            limiter.Release(await limiter.AcquireAsync(default), ConcurrencyOutcome.Overloaded);
        }

        Assert.Equal(2, limiter.CurrentLimit);
    }

    [Fact]
    public async Task Requests_beyond_the_limit_wait_for_a_released_slot()
    {
        var limiter = new AimdConcurrencyLimiter(minimum: 1, maximum: 2, initial: 2);
        var first = await limiter.AcquireAsync(default);
        await limiter.AcquireAsync(default);
        var third = limiter.AcquireAsync(default).AsTask();
        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, limiter.InFlight);

        limiter.Release(first, ConcurrencyOutcome.Neutral);
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, limiter.InFlight);
    }

    [Fact]
    public async Task Cancelled_waiter_does_not_take_a_slot()
    {
        var limiter = new AimdConcurrencyLimiter(minimum: 1, maximum: 1, initial: 1);
        var held = await limiter.AcquireAsync(default);
        using var cancel = new CancellationTokenSource();
        var waiting = limiter.AcquireAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        limiter.Release(held, ConcurrencyOutcome.Neutral);
        Assert.Equal(0, limiter.InFlight);
        await limiter.AcquireAsync(default).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Decorator_lowers_the_limit_on_429_and_not_on_other_failures()
    {
        var limiter = new AimdConcurrencyLimiter(minimum: 1, maximum: 8, initial: 8);
        using var inner = new ScriptedChatClient((call, _) => call switch
        {
            1 => throw new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests),
            2 => throw new HttpRequestException("broken", null, HttpStatusCode.InternalServerError),
            _ => Task.FromResult(ScriptedChatClient.Answer("ok")),
        });
        using var client = new AdaptiveConcurrencyChatClient(inner, limiter);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync("q"));
        Assert.Equal(4, limiter.CurrentLimit);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync("q"));
        Assert.Equal(4, limiter.CurrentLimit);
        Assert.Equal("ok", (await client.GetResponseAsync("q")).Text);
        Assert.Equal(0, limiter.InFlight);
    }
}
