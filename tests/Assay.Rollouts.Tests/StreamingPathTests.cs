using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace Assay.Rollouts.Tests;

/// <summary>Every decorator covers <c>GetStreamingResponseAsync</c> as it covers <c>GetResponseAsync</c>: each test here
/// fails if that decorator lets a stream through untouched.</summary>
public sealed class StreamingPathTests
{
    private static readonly RetryOptions FastRetries = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task Retries_ask_again_a_stream_that_fails_before_its_first_update()
    {
        var inner = ScriptedChatClient.Streaming((call, _) => call < 3 ? Failing(new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable)) : Text("an", "swer"));
        using var client = inner.AsBuilder().UseRetries(FastRetries, TimeProvider.System, new Random(1)).Build();

        var response = await client.GetStreamingResponseAsync("q").ToChatResponseAsync();

        Assert.Equal("answer", response.Text);
        Assert.Equal(3, inner.StreamCalls);
    }

    [Fact]
    public async Task Retries_do_not_repeat_a_stream_that_failed_after_handing_on_text()
    {
        var inner = ScriptedChatClient.Streaming((_, _) => Text("half", null));
        using var client = inner.AsBuilder().UseRetries(FastRetries, TimeProvider.System, new Random(1)).Build();

        var error = await Assert.ThrowsAsync<PolicyRequestException>(() => client.GetStreamingResponseAsync("q").ToChatResponseAsync());

        Assert.Equal(FailureKind.Transient, error.Failure.Kind);
        Assert.Equal(1, inner.StreamCalls);
    }

    [Fact]
    public async Task Adaptive_concurrency_holds_a_stream_s_slot_until_it_ends_and_halves_on_a_429()
    {
        var release = new TaskCompletionSource();
        var inner = ScriptedChatClient.Streaming((_, _) => Held(release.Task));
        using var client = inner.AsBuilder().UseAdaptiveConcurrency(maximum: 1).Build();
        var limiter = client.GetService<AimdConcurrencyLimiter>()!;

        await using (var first = client.GetStreamingResponseAsync("q").GetAsyncEnumerator())
        {
            Assert.True(await first.MoveNextAsync());
            var second = client.GetStreamingResponseAsync("q").ToChatResponseAsync();
            await Task.Delay(200);
            Assert.False(second.IsCompleted);
            Assert.Equal((1, 1), (inner.StreamCalls, limiter.InFlight));

            release.SetResult();
            while (await first.MoveNextAsync())
            {
            }

            Assert.Equal("ab", (await second).Text);
        }

        var overloaded = ScriptedChatClient.Streaming((_, _) => Failing(new HttpRequestException("slow down", null, HttpStatusCode.TooManyRequests)));
        using var halving = overloaded.AsBuilder().UseAdaptiveConcurrency(maximum: 8).Build();
        await Assert.ThrowsAsync<HttpRequestException>(() => halving.GetStreamingResponseAsync("q").ToChatResponseAsync());
        Assert.Equal((4, 0), (halving.GetService<AimdConcurrencyLimiter>()!.CurrentLimit, halving.GetService<AimdConcurrencyLimiter>()!.InFlight));
    }

    [Fact]
    public async Task Cost_accounting_prices_a_stream_s_usage()
    {
        var price = new ModelPrice(2m, 4m);
        var inner = ScriptedChatClient.Streaming((_, _) => WithUsage(100, 50, "ab"));
        using var client = inner.AsBuilder().UseCostAccounting(price).Build();

        var response = await client.GetStreamingResponseAsync("q").ToChatResponseAsync();

        Assert.Equal(price.CostOf(100, 50), PolicyProperties.GetCost(response));
        Assert.Equal(price.CostOf(100, 50), client.GetService<CostAccountant>()!.Total);
    }

    [Fact]
    public async Task The_budget_reserves_a_stream_s_worst_case_and_charges_its_cost()
    {
        // $1 a token: "q" is 1 + 32 template tokens, plus 10 asked for, a worst case of $43; each stream costs $50.
        var inner = ScriptedChatClient.Streaming((_, _) => WithUsage(30, 20, "ab"));
        using var client = inner.AsBuilder().UseBudget(100m).UseCostAccounting(new ModelPrice(1_000_000m, 1_000_000m)).Build();
        var options = new ChatOptions { MaxOutputTokens = 10 };

        await client.GetStreamingResponseAsync("q", options).ToChatResponseAsync();
        await client.GetStreamingResponseAsync("q", options).ToChatResponseAsync();
        await Assert.ThrowsAsync<BudgetExhaustedException>(() => client.GetStreamingResponseAsync("q", options).ToChatResponseAsync());

        Assert.Equal(2, inner.StreamCalls);
        Assert.Equal(100m, client.GetService<BudgetAccount>()!.Spent);
    }

    [Fact]
    public async Task Rate_limits_pace_streams()
    {
        var inner = ScriptedChatClient.Streaming((_, _) => Text("a"));
        using var client = inner.AsBuilder().UseRateLimits(new RateLimits(RequestsPerMinute: 60)).Build();

        var clock = Stopwatch.StartNew();
        await client.GetStreamingResponseAsync("q").ToChatResponseAsync();
        var first = clock.Elapsed;
        await client.GetStreamingResponseAsync("q").ToChatResponseAsync();

        // One request a second, a burst of one: the second waits for the next refill.
        Assert.True(clock.Elapsed - first > TimeSpan.FromMilliseconds(500), $"second stream after {clock.Elapsed - first}");
    }

    [Fact]
    public async Task Logprobs_are_asked_for_on_a_stream_and_gathered_from_every_chunk()
    {
        var inner = ScriptedChatClient.Streaming((_, _) => WithLogprobs(("a", -0.5f), ("b", -1.5f)));
        using var client = inner.AsBuilder().UseLogprobs(2).Build();

        var response = await client.GetStreamingResponseAsync("q").ToChatResponseAsync();

        Assert.Equal(2, inner.LastOptions?.AdditionalProperties?[PolicyProperties.TopLogprobs]);
        var logprobs = PolicyProperties.GetLogprobs(response);
        Assert.NotNull(logprobs);
        Assert.Equal([("a", -0.5), ("b", -1.5)], logprobs.Select(t => (t.Token, t.Logprob)));
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Text(params string?[] pieces)
    {
        foreach (var piece in pieces)
        {
            await Task.Yield();
            if (piece is null)
            {
                throw new HttpRequestException("connection reset");
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
        }
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Failing(Exception error)
    {
        await Task.Yield();
        if (error is not null)
        {
            throw error;
        }

        yield break;
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Held(Task release)
    {
        yield return new ChatResponseUpdate(ChatRole.Assistant, "a");
        await release;
        yield return new ChatResponseUpdate(ChatRole.Assistant, "b");
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> WithUsage(long input, long output, string text)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, text);
        yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = output })] };
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> WithLogprobs(params (string Token, float Logprob)[] tokens)
    {
        foreach (var (token, logprob) in tokens)
        {
            await Task.Yield();
            var details = OpenAIChatModelFactory.ChatTokenLogProbabilityDetails(token, logprob, null, []);
            yield return new ChatResponseUpdate(ChatRole.Assistant, token)
            {
                // Every argument given, so the stable overload is chosen over the one marked for evaluation (OPENAI001).
                RawRepresentation = OpenAIChatModelFactory.StreamingChatCompletionUpdate(
                    null, null, null, null, null, null, [details], null, null, default, null, null, null),
            };
        }
    }
}
