using System.ClientModel;
using Assay.Nano;
using OpenAI;
using OpenAI.Chat;

namespace Assay.Service.Tests;

public sealed class OpenAiSdkTests(ServedNano served) : IClassFixture<ServedNano>
{
    private ChatClient Client() =>
        new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = served.BaseUrl }).GetChatClient(ServedNano.ModelId);

    [Fact]
    public async Task Official_sdk_gets_the_trained_answers_greedily()
    {
        foreach (var fact in ServedNano.Facts)
        {
            ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage(fact.Prompt)], new ChatCompletionOptions { Temperature = 0 });

            Assert.Equal(fact.Answer, completion.Content[0].Text);
            Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        }
    }

    [Fact]
    public async Task Usage_counts_prompt_and_completion_tokens_as_nano_does()
    {
        ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage("2+2=")], new ChatCompletionOptions { Temperature = 0 });
        var local = NanoSampler.Generate(served.Model, "2+2=", new SamplingRequest { Temperature = 0, MaxTokens = 32 })[0];

        Assert.Equal(local.PromptTokens, completion.Usage.InputTokenCount);
        Assert.Equal(local.CompletionTokens, completion.Usage.OutputTokenCount);
        Assert.Equal(local.PromptTokens + local.CompletionTokens, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Logprobs_match_the_in_process_sampler_token_by_token()
    {
        var options = new ChatCompletionOptions { Temperature = 0, IncludeLogProbabilities = true, TopLogProbabilityCount = 3 };
        ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage("reverse:abc")], options);
        var local = NanoSampler.Generate(served.Model, "reverse:abc", new SamplingRequest { Temperature = 0, MaxTokens = 32, Logprobs = true, TopLogprobs = 3 })[0];

        var tokens = completion.ContentTokenLogProbabilities;
        Assert.Equal("cba", string.Concat(tokens.Select(t => t.Token)));
        for (var i = 0; i < tokens.Count; i++)
        {
            Assert.Equal(local.Logprobs![i].Token, tokens[i].Token);
            Assert.Equal(local.Logprobs[i].Logprob, tokens[i].LogProbability, 5);
            Assert.Equal(3, tokens[i].TopLogProbabilities.Count);
            Assert.Equal(tokens[i].Token, tokens[i].TopLogProbabilities[0].Token); // greedy: the chosen token is the likeliest
            Assert.True(tokens[i].LogProbability <= 0);
        }
    }

    [Fact]
    public async Task Streaming_delivers_the_same_text_as_one_response()
    {
        var options = new ChatCompletionOptions { Temperature = 0 };
        var text = "";
        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("hello")], options))
        {
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
        }

        Assert.Equal("world", text);
    }

    [Fact]
    public async Task Same_seed_gives_the_same_sample_and_the_sdk_sees_max_tokens()
    {
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK; it is part of the wire protocol nano serves.
        var options = new ChatCompletionOptions { Temperature = 1.5f, Seed = 42, MaxOutputTokenCount = 3 };
#pragma warning restore OPENAI001
        ChatCompletion first = await Client().CompleteChatAsync([new UserChatMessage("3+5=")], options);
        ChatCompletion second = await Client().CompleteChatAsync([new UserChatMessage("3+5=")], options);

        Assert.Equal(first.Content[0].Text, second.Content[0].Text);
        Assert.True(first.Usage.OutputTokenCount <= 3);
    }

    [Fact]
    public async Task Out_of_range_temperature_is_a_400_naming_the_parameter()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client().CompleteChatAsync([new UserChatMessage("2+2=")], new ChatCompletionOptions { Temperature = 5 }));

        Assert.Equal(400, error.Status);
        Assert.Contains("temperature", error.Message, StringComparison.Ordinal);
    }
}
