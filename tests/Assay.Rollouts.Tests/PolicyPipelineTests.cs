using Microsoft.Extensions.AI;

namespace Assay.Rollouts.Tests;

/// <summary>The composed policy: each decorator's state is reachable through <c>GetService</c>, and each setting is
/// decided once.</summary>
public sealed class PolicyPipelineTests
{
    [Fact]
    public void The_pipeline_exposes_its_budget_cost_accountant_and_limiter_and_the_budget_reckons_at_the_one_price()
    {
        var price = new ModelPrice(3m, 15m);
        using var bare = new ScriptedChatClient((_, _) => Task.FromResult(ScriptedChatClient.Answer("ok")));
        using var policy = PolicyPipeline.Build(bare, new PolicyOptions { Price = price, MaxCost = 2m, MaxConcurrency = 7 }, TimeProvider.System, new Random(1));

        Assert.Equal(price, policy.GetService<CostAccountant>()!.Price);
        Assert.Equal((2m, price), (policy.GetService<BudgetAccount>()!.Limit, policy.GetService<BudgetAccount>()!.Price));
        Assert.Equal((1, 7, 7), (policy.GetService<AimdConcurrencyLimiter>()!.Minimum, policy.GetService<AimdConcurrencyLimiter>()!.Maximum,
            policy.GetService<AimdConcurrencyLimiter>()!.CurrentLimit));
        Assert.Null(PolicyPipeline.Build(bare, new PolicyOptions(), TimeProvider.System, new Random(1)).GetService<BudgetAccount>());
    }

    [Fact]
    public async Task Without_a_price_a_budget_stops_requests_once_the_spend_reaches_it_and_the_last_may_overshoot()
    {
        // A policy that reports its own cost ($10 a request), with no cost accountant: no price, so no worst case to reserve.
        using var inner = new ScriptedChatClient((_, _) =>
        {
            var answer = ScriptedChatClient.Answer("ok");
            answer.AdditionalProperties = new() { [PolicyProperties.Cost] = 10m };
            return Task.FromResult(answer);
        });
        using var client = inner.AsBuilder().UseBudget(25m).Build();

        for (var i = 0; i < 3; i++)
        {
            await client.GetResponseAsync("q");
        }

        await Assert.ThrowsAsync<BudgetExhaustedException>(() => client.GetResponseAsync("q"));
        Assert.Equal((3, 30m), (inner.Calls, client.GetService<BudgetAccount>()!.Spent));
    }

    [Fact]
    public void A_campaign_decides_the_policy_s_price_limit_and_logprobs()
    {
        var campaign = new Assay.Core.Campaign("c", "openai:m@http://127.0.0.1:1/v1", "s", 1,
            new Assay.Core.SamplingSettings(TopLogprobs: 3), DateTimeOffset.UnixEpoch, new Assay.Core.CampaignBudget(5m, 0.15m, 0.6m));

        var options = PolicyOptions.For(campaign);

        Assert.Equal((new ModelPrice(0.15m, 0.6m), 5m, 3), (options.Price, options.MaxCost, options.TopLogprobs));
        Assert.Equal(new PolicyOptions().MaxConcurrency, options.MaxConcurrency);
    }
}
