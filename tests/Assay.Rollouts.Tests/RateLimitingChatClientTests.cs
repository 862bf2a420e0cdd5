using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts.Tests;

/// <summary>Real time: System.Threading.RateLimiting reads the system clock itself (see <see cref="RateLimitingChatClient"/>).</summary>
public sealed class RateLimitingChatClientTests
{
    [Fact]
    public async Task Requests_per_minute_admits_one_second_of_burst_then_paces()
    {
        using var inner = new ScriptedChatClient((_, _) => Task.FromResult(ScriptedChatClient.Answer("ok")));
        using var client = new RateLimitingChatClient(inner, new RateLimits(RequestsPerMinute: 120));
        var clock = Stopwatch.StartNew();

        var calls = Enumerable.Range(0, 6).Select(_ => client.GetResponseAsync("q")).ToArray();
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(20));

        // 2 at once, then 2 per second: the sixth is admitted about 2 s in (later on a busy machine, never sooner).
        Assert.Equal(6, inner.Calls);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Tokens_per_minute_charges_the_estimated_prompt_and_completion_cap()
    {
        using var inner = new ScriptedChatClient((_, _) => Task.FromResult(ScriptedChatClient.Answer("ok")));

        // 600 tokens/min = 10 per second; each request is estimated at 40/4 + 1 + 4 = 15 tokens, more than a
        // second's bucket, so it is charged the whole bucket: one request per second.
        using var client = new RateLimitingChatClient(inner, new RateLimits(TokensPerMinute: 600));
        var options = new ChatOptions { MaxOutputTokens = 4 };
        Assert.Equal(15, RateLimitingChatClient.EstimateTokens([new ChatMessage(ChatRole.User, new string('x', 40))], options));
        var clock = Stopwatch.StartNew();

        var calls = Enumerable.Range(0, 3).Select(_ => client.GetResponseAsync(new string('x', 40), options)).ToArray();
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
    }
}
