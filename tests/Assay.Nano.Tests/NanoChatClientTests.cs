using Microsoft.Extensions.AI;

namespace Assay.Nano.Tests;

public sealed class NanoChatClientTests
{
    private static readonly NanoModel s_model = NanoModel.Create(TinyModels.Text(), seed: 5);

    private static ChatOptions Options(int seed) => new() { Temperature = 1.0f, Seed = seed, MaxOutputTokens = 12 };

    [Fact]
    public async Task A_response_is_the_sampler_s_sample_with_finish_reason_usage_and_logprobs()
    {
        using var client = new NanoChatClient(s_model, "nano:test");
        var options = Options(3);
        options.AdditionalProperties = new() { [NanoChatClient.TopLogprobsKey] = 2 };

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "2+2=")], options);

        var local = NanoSampler.Generate(s_model, "2+2=", new SamplingRequest { Temperature = 1, Seed = 3, MaxTokens = 12, Logprobs = true, TopLogprobs = 2 })[0];
        Assert.Equal(local.Text, response.Text);
        Assert.Equal(local.FinishReason == FinishReason.Stop ? ChatFinishReason.Stop : ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(local.CompletionTokens, response.Usage!.OutputTokenCount);
        var logprobs = Assert.IsAssignableFrom<IReadOnlyList<Assay.Core.TokenLogprob>>(response.AdditionalProperties![NanoChatClient.LogprobsKey]);
        Assert.Equal(local.Logprobs!.Select(l => l.Token), logprobs.Select(l => l.Token));
    }

    [Fact]
    public async Task Streaming_yields_the_text_as_it_is_generated_then_the_finish_reason_and_usage()
    {
        using var client = new NanoChatClient(s_model, "nano:test");
        var whole = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "abc")], Options(8));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "abc")], Options(8)))
            updates.Add(update);

        Assert.True(whole.Text.Length >= 2, $"sample '{whole.Text}' too short to show streaming");
        Assert.Equal(whole.Text.Length, updates.Count(u => u.Text.Length > 0)); // one update per generated character
        Assert.Equal(whole.Text, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(whole.FinishReason, updates[^1].FinishReason);
        var usage = Assert.Single(updates[^1].Contents.OfType<UsageContent>());
        Assert.Equal(whole.Usage!.OutputTokenCount, usage.Details.OutputTokenCount);
        Assert.Single(updates.Select(u => u.ResponseId).Distinct());
        Assert.Equal(whole.Text, updates.ToChatResponse().Text);
    }
}
