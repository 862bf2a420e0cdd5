using Assay.Testing;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts.Tests;

public sealed class CostAccountingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("assay-prices-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Cost_is_tokens_times_price_per_million()
    {
        var price = new ModelPrice(PromptPerMillion: 0.15m, CompletionPerMillion: 0.60m);
        Assert.Equal(0.000_15m + 0.001_2m, price.CostOf(1_000, 2_000));
    }

    [Fact]
    public async Task Price_table_file_is_found_by_full_name_then_bare_model_and_nano_is_free()
    {
        var path = Path.Combine(_directory, "prices.json");
        await File.WriteAllTextAsync(path, """
            { "openai:gpt-4o-mini@http://127.0.0.1:1/v1": { "prompt": 1, "completion": 2 },
              "gpt-4o-mini": { "prompt": 0.15, "completion": 0.6 } }
            """);
        var table = await PriceTable.LoadAsync(path, default);

        Assert.Equal(new ModelPrice(1m, 2m), table.Find(ModelSpec.Parse("openai:gpt-4o-mini@http://127.0.0.1:1/v1")));
        Assert.Equal(new ModelPrice(0.15m, 0.6m), table.Find(ModelSpec.Parse("openai:gpt-4o-mini@http://other/v1")));
        Assert.Equal(ModelPrice.Free, table.Find(ModelSpec.Parse("nano:default")));
        Assert.Null(table.Find(ModelSpec.Parse("anthropic:claude")));
    }

    [Fact]
    public async Task Price_table_errors_name_the_file_the_model_and_the_field()
    {
        var path = Path.Combine(_directory, "bad.json");
        await File.WriteAllTextAsync(path, """{ "gpt-4o": { "prompt": 2.5, "completion": -1 } }""");
        var error = await Assert.ThrowsAsync<PolicyConfigurationException>(() => PriceTable.LoadAsync(path, default));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'gpt-4o'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'completion'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cost_is_charged_from_the_usage_the_real_service_reports()
    {
        await using var server = await OpenAiCompatibleServer.StartAsync(_ => "abcdefgh");
        using var http = PolicyFactory.CreateHttpClient(4);
        using var bare = new PolicyFactory(http, _ => null).Create(ModelSpec.Parse($"openai:m@{server.BaseUrl}"));
        using var client = new CostAccountingChatClient(bare, new ModelPrice(1_000_000m, 2_000_000m));

        // Prompt "12345678" is 2 tokens, the answer 2 pieces: 2·$1 + 2·$2.
        var response = await client.GetResponseAsync("12345678");

        Assert.Equal(2, response.Usage!.InputTokenCount);
        Assert.Equal(2, response.Usage.OutputTokenCount);
        Assert.Equal(6m, PolicyProperties.GetCost(response));
    }

    [Fact]
    public async Task Logprobs_and_top_alternatives_are_asked_for_and_captured_from_the_raw_completion()
    {
        await using var server = await OpenAiCompatibleServer.StartAsync(_ => "abcdefghij");
        using var http = PolicyFactory.CreateHttpClient(4);
        using var bare = new PolicyFactory(http, _ => null).Create(ModelSpec.Parse($"openai:m@{server.BaseUrl}"));
        using var client = new LogprobCapturingChatClient(bare, topLogprobs: 3);

        var response = await client.GetResponseAsync("q");

        var request = Assert.Single(server.Requests);
        Assert.True(request.Logprobs);
        Assert.Equal(3, request.TopLogprobs);
        var logprobs = PolicyProperties.GetLogprobs(response);
        Assert.NotNull(logprobs);
        Assert.Equal(["abcd", "efgh", "ij"], logprobs.Select(t => t.Token));
        Assert.Equal(-0.1, logprobs[1].Logprob, 5);
        Assert.Equal(3, logprobs[1].Top.Count);
        Assert.Equal("efgh~2", logprobs[1].Top[2].Token);
        Assert.Equal(-3.1, logprobs[1].Top[2].Logprob, 5);
    }

    [Fact]
    public async Task Without_the_logprob_decorator_none_are_asked_for()
    {
        await using var server = await OpenAiCompatibleServer.StartAsync(_ => "abcd");
        using var http = PolicyFactory.CreateHttpClient(4);
        using var bare = new PolicyFactory(http, _ => null).Create(ModelSpec.Parse($"openai:m@{server.BaseUrl}"));
        var response = await bare.GetResponseAsync("q");
        Assert.False(Assert.Single(server.Requests).Logprobs);
        Assert.Null(PolicyProperties.GetLogprobs(response));
    }
}
