using System.Text.Json;

namespace Assay.Rollouts.Tests;

public sealed class CampaignPreflightTests
{
    [Theory]
    [InlineData("""{"data":[{"id":"other","max_model_len":8},{"id":"m","max_model_len":4096}]}""", 4096)] // vLLM
    [InlineData("""{"data":[{"id":"m","context_length":131072}]}""", 131072)] // llama.cpp, LM Studio, OpenRouter
    [InlineData("""{"data":[{"id":"m","owned_by":"openai"}]}""", null)] // OpenAI states none
    [InlineData("""{"data":[{"id":"other","max_model_len":8}]}""", null)]
    [InlineData("""{"error":"nope"}""", null)]
    public void The_stated_context_is_read_from_a_models_list(string json, int? expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, OpenAiModels.Find(document.RootElement, "m"));
    }

    [Fact]
    public void A_prompt_that_cannot_fit_names_its_problem_and_one_that_fits_passes()
    {
        var campaign = ArithmeticScenario.Campaign("c", "nano:default", n: 1);
        var problems = ArithmeticScenario.Problems(20);
        var longest = problems.Max(p => p.Prompt.Length);
        var exact = new ModelContext(longest + 1, prompt => prompt.Length, Exact: true, "test");

        CampaignPreflight.CheckPromptsFit(campaign, problems, exact);
        var error = Assert.Throws<PreflightException>(() => CampaignPreflight.CheckPromptsFit(campaign, problems, exact with { Tokens = longest }));

        var first = problems.First(p => p.Prompt.Length >= longest).Id;
        Assert.StartsWith($"problem '{first}': its prompt is {longest} tokens; the model's context is {longest} tokens (test)", error.Message, StringComparison.Ordinal);
        Assert.True(error.Refused);
        Assert.Equal(first, CampaignPreflight.ProbeProblem(campaign, problems).Id);
    }

    [Fact]
    public void A_remote_prompt_is_counted_as_at_least_a_token_per_8_bytes()
    {
        var context = ModelContext.Stated(10, "GET /v1/models");

        Assert.Equal(10, context.CountPromptTokens(new string('x', 80)));
        Assert.Equal(11, context.CountPromptTokens(new string('x', 81)));
        Assert.False(context.Exact);
    }
}
