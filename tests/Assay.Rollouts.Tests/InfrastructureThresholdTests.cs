using Assay.Core;
using Assay.Verification;

namespace Assay.Rollouts.Tests;

public sealed class InfrastructureThresholdTests
{
    [Theory]
    [InlineData("20,5%", 20, 0.05)]
    [InlineData("3", 3, null)]
    [InlineData("12.5%", null, 0.125)]
    [InlineData(" 7 , 100% ", 7, 1.0)]
    public void The_syntax_reads_failures_in_a_row_and_a_share(string text, int? consecutive, double? share)
    {
        var threshold = InfrastructureThreshold.Parse(text);

        Assert.Equal(consecutive, threshold.Consecutive);
        Assert.Equal(share, threshold.Share);
        Assert.Equal(threshold, InfrastructureThreshold.Parse(threshold.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("5%,6%")]
    [InlineData("0%")]
    [InlineData("150%")]
    [InlineData("twenty")]
    public void Anything_else_is_refused(string text) => Assert.Throws<FormatException>(() => InfrastructureThreshold.Parse(text));

    [Fact]
    public void The_default_stops_at_20_in_a_row_or_more_than_5_percent_once_20_were_attempted()
    {
        var threshold = InfrastructureThreshold.Default;

        Assert.False(threshold.IsPassed(consecutive: 19, failures: 19, attempted: 19));
        Assert.True(threshold.IsPassed(consecutive: 20, failures: 20, attempted: 20));
        Assert.False(threshold.IsPassed(consecutive: 1, failures: 5, attempted: 19)); // the share waits for 20 attempts
        Assert.False(threshold.IsPassed(consecutive: 1, failures: 1, attempted: 20)); // exactly 5%
        Assert.True(threshold.IsPassed(consecutive: 1, failures: 2, attempted: 20));
        Assert.False(InfrastructureThreshold.Parse("off").IsPassed(1000, 1000, 1000));
    }

    [Fact]
    public async Task Scattered_failures_past_the_share_stop_the_campaign_with_its_own_status()
    {
        // Every 8th request fails with a 503 that is not retried: 12.5% of the attempts, never 20 in a row.
        using var inner = new ScriptedChatClient((call, _) => call % 8 == 0
            ? throw new HttpRequestException("unavailable", null, System.Net.HttpStatusCode.ServiceUnavailable)
            : Task.FromResult(ScriptedChatClient.Answer("1")));
        using var client = new RetryingChatClient(inner, new RetryOptions { MaxAttempts = 1 }, TimeProvider.System, new Random(1));
        await using var temporary = await TemporaryArchive.CreateAsync();
        var archive = temporary.Archive;
        var runner = new CampaignRunner(client, new ExactAnswerVerifier(), archive, TimeProvider.System);
        var campaign = ArithmeticScenario.Campaign("c-share", "openai:m", n: 4);

        var result = await runner.RunAsync(campaign, ArithmeticScenario.Problems(25), new CampaignRunOptions { Workers = 1 });

        Assert.Equal(CampaignStopReason.InfrastructureThreshold, result.StopReason);
        // Judged from 20 attempts on: there, 2 failures (the 8th and 16th) are more than 5% of 20.
        Assert.Equal(20, result.Archived);
        Assert.Equal(2, result.InfrastructureFailures);
        var reason = Assert.Single(result.FailureReasons);
        Assert.Equal((VerdictStatus.Infrastructure, 2), (reason.Status, reason.Count));
    }
}
