using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Assay.Service.Tests;

public sealed class HttpProtocolTests(ServedNano served) : IClassFixture<ServedNano>, IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(served.BaseUrl, path), content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, body);
    }

    [Fact]
    public async Task Models_lists_the_served_model()
    {
        var body = await _http.GetFromJsonAsync<JsonElement>(new Uri(served.BaseUrl, "models"));

        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.Equal(ServedNano.ModelId, body.GetProperty("data")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Chat_with_n_returns_n_choices_and_bills_the_prompt_once()
    {
        var (status, body) = await PostAsync("chat/completions", $$"""{"model":"{{ServedNano.ModelId}}","messages":[{"role":"user","content":"2+2="}],"n":3,"temperature":0}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var choices = body.GetProperty("choices");
        Assert.Equal(3, choices.GetArrayLength());
        Assert.All(choices.EnumerateArray(), c => Assert.Equal("4", c.GetProperty("message").GetProperty("content").GetString()));
        var usage = body.GetProperty("usage");
        Assert.Equal(6, usage.GetProperty("prompt_tokens").GetInt32()); // <|user|> 2 + 2 = <|assistant|>
        Assert.Equal(6, usage.GetProperty("completion_tokens").GetInt32()); // "4" and <|end|>, three times
    }

    [Fact]
    public async Task Text_completion_continues_a_raw_prompt_with_logprobs_and_echo()
    {
        var (status, body) = await PostAsync("completions", $$"""{"model":"{{ServedNano.ModelId}}","prompt":"2+","max_tokens":3,"temperature":0,"logprobs":2,"echo":true}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var choice = body.GetProperty("choices")[0];
        var text = choice.GetProperty("text").GetString()!;
        var logprobs = choice.GetProperty("logprobs");
        var tokens = logprobs.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()).ToList();
        var finish = choice.GetProperty("finish_reason").GetString();
        Assert.StartsWith("2+", text, StringComparison.Ordinal); // echo
        Assert.Equal(text[2..], string.Concat(tokens));
        Assert.Equal(finish == "length" ? 3 : body.GetProperty("usage").GetProperty("completion_tokens").GetInt32() - 1, tokens.Count);
        Assert.All(logprobs.GetProperty("top_logprobs").EnumerateArray(), top => Assert.Equal(2, top.EnumerateObject().Count()));
        Assert.Equal(Enumerable.Range(2, tokens.Count), logprobs.GetProperty("text_offset").EnumerateArray().Select(o => o.GetInt32()));
    }

    [Fact]
    public async Task Seed_past_32_bits_is_accepted_and_reproducible()
    {
        const string json = $$"""{"model":"{{ServedNano.ModelId}}","messages":[{"role":"user","content":"3+5="}],"temperature":1.5,"seed":9007199254740993,"n":2}""";
        var (status, first) = await PostAsync("chat/completions", json);
        var (_, second) = await PostAsync("chat/completions", json);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(first.GetProperty("choices").ToString(), second.GetProperty("choices").ToString());
    }

    [Fact]
    public async Task Stop_string_ends_the_answer_before_it()
    {
        var (_, body) = await PostAsync("chat/completions", $$"""{"model":"{{ServedNano.ModelId}}","messages":[{"role":"user","content":"hello"}],"temperature":0,"stop":"r"}""");

        var choice = body.GetProperty("choices")[0];
        Assert.Equal("wo", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Streaming_sends_every_choice_as_it_is_generated_and_holds_back_a_possible_stop_string()
    {
        const string json = $$"""{"model":"{{ServedNano.ModelId}}","messages":[{"role":"user","content":"hello"}],"n":2,"temperature":0,"stop":"rl","stream":true,"logprobs":true,"top_logprobs":1}""";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(served.BaseUrl, "chat/completions"), content);
        var events = (await response.Content.ReadAsStringAsync())
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e["data: ".Length..])
            .ToList();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("[DONE]", events[^1]);
        var choices = events[..^1].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].Clone()).ToList();
        var indices = choices.Select(c => c.GetProperty("index").GetInt32()).ToList();
        // The two choices are generated together: their chunks alternate instead of coming one choice after the other.
        Assert.Contains(indices.Zip(indices.Skip(1)), pair => pair.First == 1 && pair.Second == 0);
        foreach (var index in new[] { 0, 1 })
        {
            var mine = choices.Where(c => c.GetProperty("index").GetInt32() == index).ToList();
            var text = string.Concat(mine.Select(c => c.GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
            var tokens = mine.Where(c => c.GetProperty("logprobs").ValueKind == JsonValueKind.Object)
                .SelectMany(c => c.GetProperty("logprobs").GetProperty("content").EnumerateArray()).Select(t => t.GetProperty("token").GetString());
            Assert.Equal("wo", text); // "world" cut before "rl": the "r" was held back, then dropped
            Assert.Equal("worl", string.Concat(tokens)); // every generated token is reported, the stop string's too
            Assert.Equal("stop", mine[^1].GetProperty("finish_reason").GetString());
        }
    }

    [Fact]
    public async Task A_streaming_request_that_cannot_run_is_refused_with_a_status_before_any_event()
    {
        var prompt = new string('a', 100);
        var (status, body) = await PostAsync("chat/completions", $$"""{"model":"nano:test","messages":[{"role":"user","content":"{{prompt}}"}],"stream":true}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("context_length_exceeded", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"model":"nano:test","messages":[{"role":"user","content":"x"}],"top_p":2}""", "top_p")]
    [InlineData("""{"model":"nano:test","messages":[{"role":"user","content":"x"}],"n":0}""", "n")]
    [InlineData("""{"model":"nano:test","messages":[{"role":"robot","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"model":"nano:test","messages":[{"role":"user","content":"x"}],"stop":[1]}""", "stop")]
    [InlineData("""{"model":"nano:test","messages":[{"role":"user","content":"x"}],"top_logprobs":2}""", "top_logprobs")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", "model")]
    public async Task Malformed_request_is_a_400_in_openai_error_shape(string json, string param)
    {
        var (status, body) = await PostAsync("chat/completions", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Body_that_is_not_json_is_a_400()
    {
        var (status, body) = await PostAsync("chat/completions", "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid JSON", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_is_a_404_model_not_found()
    {
        var (status, body) = await PostAsync("chat/completions", """{"model":"gpt-9","messages":[{"role":"user","content":"x"}]}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("model_not_found", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Prompt_longer_than_the_context_is_a_400_context_length_exceeded()
    {
        var prompt = new string('a', 100);
        var (status, body) = await PostAsync("chat/completions", $$"""{"model":"nano:test","messages":[{"role":"user","content":"{{prompt}}"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("context_length_exceeded", body.GetProperty("error").GetProperty("code").GetString());
    }
}
