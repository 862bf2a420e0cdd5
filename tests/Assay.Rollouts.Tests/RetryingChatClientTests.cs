using System.Net;
using Assay.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Assay.Rollouts.Tests;

public sealed class RetryingChatClientTests
{
    private static readonly RetryOptions Options = new()
    {
        MaxAttempts = 5,
        MaxUnknownAttempts = 2,
        BaseDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromSeconds(1),
        AttemptTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task Connection_errors_are_retried_until_an_answer_arrives()
    {
        var time = new FakeTimeProvider();
        using var inner = new ScriptedChatClient((call, _) => call <= 3
            ? throw new HttpRequestException("connection refused")
            : Task.FromResult(ScriptedChatClient.Answer("ok")));
        using var client = new RetryingChatClient(inner, Options, time, new Random(1));

        var response = await FakeClock.DriveAsync(time, client.GetResponseAsync("q"), TimeSpan.FromMilliseconds(50));

        Assert.Equal("ok", response.Text);
        Assert.Equal(4, inner.Calls);
    }

    [Fact]
    public async Task Transient_failures_give_up_after_max_attempts_with_the_classification()
    {
        var time = new FakeTimeProvider();
        using var inner = new ScriptedChatClient((_, _) => throw new HttpRequestException("bad gateway", null, HttpStatusCode.BadGateway));
        using var client = new RetryingChatClient(inner, Options, time, new Random(1));

        var error = await Assert.ThrowsAsync<PolicyRequestException>(() =>
            FakeClock.DriveAsync(time, client.GetResponseAsync("q"), TimeSpan.FromMilliseconds(50)));

        Assert.Equal(Options.MaxAttempts, inner.Calls);
        Assert.Equal(Options.MaxAttempts, error.Attempts);
        Assert.Equal(new RequestFailure(FailureKind.Transient, 502, null), error.Failure);
    }

    [Fact]
    public async Task Rejected_request_is_not_retried()
    {
        using var inner = new ScriptedChatClient((_, _) => throw new HttpRequestException("bad request", null, HttpStatusCode.BadRequest));
        using var client = new RetryingChatClient(inner, Options, new FakeTimeProvider(), new Random(1));

        var error = await Assert.ThrowsAsync<PolicyRequestException>(() => client.GetResponseAsync("q"));

        Assert.Equal(1, inner.Calls);
        Assert.Equal(FailureKind.Rejected, error.Failure.Kind);
    }

    [Fact]
    public async Task Unknown_failures_are_retried_a_bounded_number_of_times()
    {
        var time = new FakeTimeProvider();
        using var inner = new ScriptedChatClient((_, _) => throw new InvalidOperationException("garbled body"));
        using var client = new RetryingChatClient(inner, Options, time, new Random(1));

        var error = await Assert.ThrowsAsync<PolicyRequestException>(() =>
            FakeClock.DriveAsync(time, client.GetResponseAsync("q"), TimeSpan.FromMilliseconds(50)));

        Assert.Equal(Options.MaxUnknownAttempts, inner.Calls);
        Assert.Equal(FailureKind.Unknown, error.Failure.Kind);
    }

    [Fact]
    public async Task Stalled_attempt_is_abandoned_at_the_attempt_timeout_and_retried()
    {
        var time = new FakeTimeProvider();
        using var inner = new ScriptedChatClient(async (call, ct) =>
        {
            if (call == 1)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return ScriptedChatClient.Answer("late but fine");
        });
        using var client = new RetryingChatClient(inner, Options, time, new Random(1));

        var response = await FakeClock.DriveAsync(time, client.GetResponseAsync("q"), TimeSpan.FromSeconds(1));

        Assert.Equal("late but fine", response.Text);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public void Backoff_doubles_from_the_base_delay_up_to_the_cap_with_equal_jitter()
    {
        using var inner = new ScriptedChatClient((_, _) => Task.FromResult(ScriptedChatClient.Answer("")));
        using var client = new RetryingChatClient(inner, Options, new FakeTimeProvider(), new Random(7));
        for (var attempt = 2; attempt <= 12; attempt++)
        {
            var ceiling = Math.Min(100 * Math.Pow(2, attempt - 2), 1000);
            for (var draw = 0; draw < 50; draw++)
            {
                var delay = client.DelayBefore(attempt, null).TotalMilliseconds;
                Assert.InRange(delay, ceiling / 2, ceiling);
            }
        }
    }

    [Fact]
    public void Retry_after_is_waited_in_full_plus_at_most_one_base_delay_and_capped()
    {
        using var inner = new ScriptedChatClient((_, _) => Task.FromResult(ScriptedChatClient.Answer("")));
        var options = Options with { MaxRetryAfter = TimeSpan.FromSeconds(60) };
        using var client = new RetryingChatClient(inner, options, new FakeTimeProvider(), new Random(7));
        for (var draw = 0; draw < 50; draw++)
        {
            Assert.InRange(client.DelayBefore(2, TimeSpan.FromSeconds(7)), TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7.1));
            Assert.InRange(client.DelayBefore(2, TimeSpan.FromHours(2)), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60.1));
        }
    }

    [Fact]
    public void Retry_after_parses_seconds_and_http_dates()
    {
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(7), RequestFailure.ParseRetryAfter("7", now));
        Assert.Equal(TimeSpan.FromSeconds(30), RequestFailure.ParseRetryAfter("Mon, 23 Nov 2026 12:00:30 GMT", now));
        Assert.Null(RequestFailure.ParseRetryAfter("soon", now));
    }

    [Fact]
    public async Task Real_429_from_the_service_is_retried_no_sooner_than_its_retry_after()
    {
        await using var server = await OpenAiCompatibleServer.StartAsync(r => "answer to " + r.Prompt);
        await using var proxy = await FaultInjectingProxy.StartAsync(server.BaseUrl,
            (n, _) => n == 1 ? new Fault(FaultKind.RateLimited, RetryAfter: 7) : Fault.None);
        using var http = PolicyFactory.CreateHttpClient(4);
        using var bare = new PolicyFactory(http, _ => null).Create(ModelSpec.Parse($"openai:m@{proxy.BaseUrl}"));
        var time = new CountingTimeProvider();
        using var client = new RetryingChatClient(bare, Options, time, new Random(3));

        var call = client.GetResponseAsync("hello");

        // Two timers: the first attempt's timeout, then the wait before the second attempt.
        await FakeClock.WaitUntilAsync(() => time.TimersCreated == 2);
        Assert.Equal(1, proxy.Injected(FaultKind.RateLimited));
        time.Advance(TimeSpan.FromSeconds(6.9));
        await Task.Delay(200);
        Assert.Equal(1, proxy.RequestCount);
        Assert.False(call.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(0.1) + Options.BaseDelay);
        var response = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("answer to hello", response.Text);
        Assert.Equal(2, proxy.RequestCount);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task The_openai_sdk_does_not_retry_on_its_own()
    {
        await using var server = await OpenAiCompatibleServer.StartAsync(r => "fine");
        await using var proxy = await FaultInjectingProxy.StartAsync(server.BaseUrl,
            (n, _) => n == 1 ? new Fault(FaultKind.ServerError) : Fault.None);
        using var http = PolicyFactory.CreateHttpClient(4);
        using var bare = new PolicyFactory(http, _ => null).Create(ModelSpec.Parse($"openai:m@{proxy.BaseUrl}"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => bare.GetResponseAsync("q"));

        Assert.Equal(FailureKind.Transient, RequestFailure.Classify(error).Kind);
        Assert.Equal(500, RequestFailure.Classify(error).Status);
        Assert.Equal(1, proxy.RequestCount);
        Assert.Equal(0, server.RequestCount);
    }
}
