using Assay.Testing;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts.Tests;

/// <summary>The Anthropic SDK's <c>AsIChatClient()</c> against a loopback Messages API.</summary>
public sealed class AnthropicPolicyTests
{
    [Fact]
    public async Task Anthropic_policy_answers_with_usage_through_the_official_sdk()
    {
        await using var server = await AnthropicCompatibleServer.StartAsync(r => "echo: " + r.Prompt);
        using var http = PolicyFactory.CreateHttpClient(4);
        var factory = new PolicyFactory(http, name => name == PolicyFactory.AnthropicKeyVariable ? "test-key" : null);
        using var client = factory.Create(ModelSpec.Parse($"anthropic:claude-test@{server.BaseUrl}"));

        var response = await client.GetResponseAsync("hello", new ChatOptions { MaxOutputTokens = 32 });

        Assert.Equal("echo: hello", response.Text);
        Assert.Equal(2, response.Usage!.InputTokenCount);
        Assert.Equal(3, response.Usage.OutputTokenCount);
        Assert.Equal("claude-test", Assert.Single(server.Requests).Model);
    }

    [Fact]
    public async Task The_anthropic_sdk_does_not_retry_on_its_own_and_the_failure_is_classified()
    {
        await using var server = await AnthropicCompatibleServer.StartAsync(r => "fine", failFirst: 1);
        using var http = PolicyFactory.CreateHttpClient(4);
        var factory = new PolicyFactory(http, name => name == PolicyFactory.AnthropicKeyVariable ? "test-key" : null);
        using var client = factory.Create(ModelSpec.Parse($"anthropic:claude-test@{server.BaseUrl}"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("q", new ChatOptions { MaxOutputTokens = 8 }));

        Assert.Equal(1, server.RequestCount);
        Assert.Equal(new RequestFailure(FailureKind.Transient, 500, null), RequestFailure.Classify(error));
    }
}
