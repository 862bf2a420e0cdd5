using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Assay.Service.Tests;

/// <summary>The server's answers to what an attacker or a careless client sends: every error OpenAI-shaped JSON.</summary>
public sealed class HardeningTests(ServedNano served) : IClassFixture<ServedNano>, IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private Uri Root => new(served.BaseUrl, "/");

    private static JsonElement Error(string body)
    {
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        return error.Clone();
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(served.BaseUrl, path)) { Content = content };
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("chat/completions", """{"model":"nano:test","messages":[{"role":"user","content":"a\ud800b"}]}""", "messages[0].content")]
    [InlineData("completions", """{"model":"nano:test","prompt":"\ud800"}""", "prompt")]
    [InlineData("chat/completions", """{"model":"nano:test","messages":[{"role":"user","content":"x"}],"stop":["\udc00"]}""", "stop")]
    public async Task A_lone_surrogate_is_a_400_naming_the_field(string path, string json, string param)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(param, Error(body).GetProperty("param").GetString());
    }

    [Fact]
    public async Task A_body_past_the_limit_is_a_413_in_openai_shape_with_or_without_a_length()
    {
        var json = $$"""{"model":"nano:test","messages":[{"role":"user","content":"{{new string('a', 2 << 20)}}"}]}""";
        var (status, body) = await SendAsync(HttpMethod.Post, "chat/completions", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("request_too_large", Error(body).GetProperty("code").GetString());

        // Chunked: no Content-Length to refuse up front, so Kestrel stops reading at the limit.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(served.BaseUrl, "chat/completions")) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", Error(await response.Content.ReadAsStringAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_are_404_and_405_in_openai_shape()
    {
        var (missing, missingBody) = await SendAsync(HttpMethod.Post, "embeddings", new StringContent("{}", Encoding.UTF8, "application/json"));
        var (wrong, wrongBody) = await SendAsync(HttpMethod.Get, "chat/completions");

        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("not_found", Error(missingBody).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrong);
        Assert.Equal("method_not_allowed", Error(wrongBody).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Health_and_one_model_by_id_answer_and_an_unknown_model_is_a_404()
    {
        var health = await _http.GetFromJsonAsync<JsonElement>(new Uri(Root, "health"));
        var model = await _http.GetFromJsonAsync<JsonElement>(new Uri(served.BaseUrl, "models/" + ServedNano.ModelId));
        var (status, body) = await SendAsync(HttpMethod.Get, "models/nano:other");

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(ServedNano.ModelId, model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("model_not_found", Error(body).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Streamed_text_completion_sends_logprobs_in_every_chunk_with_the_sampled_token_among_the_top()
    {
        const string json = """{"model":"nano:test","prompt":"3+","max_tokens":12,"temperature":2,"seed":11,"n":16,"logprobs":1,"stream":true}""";
        var (status, body) = await SendAsync(HttpMethod.Post, "completions", new StringContent(json, Encoding.UTF8, "application/json"));
        var chunks = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e["data: ".Length..]).ToList();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("[DONE]", chunks[^1]);
        var choices = chunks[..^1].Select(c => JsonDocument.Parse(c).RootElement.GetProperty("choices")[0].Clone()).ToList();
        var withText = choices.Where(c => c.GetProperty("text").GetString()!.Length > 0).ToList();
        Assert.NotEmpty(withText);
        var offsets = new int[16];
        var sampledOutsideTop = 0;
        foreach (var choice in withText)
        {
            var logprobs = choice.GetProperty("logprobs");
            var tokens = logprobs.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToList();
            Assert.Equal(choice.GetProperty("text").GetString(), string.Concat(tokens));
            var tops = logprobs.GetProperty("top_logprobs").EnumerateArray().ToList();
            var logprobValues = logprobs.GetProperty("token_logprobs").EnumerateArray().Select(v => v.GetDouble()).ToList();
            for (var i = 0; i < tokens.Count; i++)
            {
                Assert.True(tops[i].TryGetProperty(tokens[i], out var sampled), $"top_logprobs lacks the sampled token '{tokens[i]}'");
                Assert.Equal(logprobValues[i], sampled.GetDouble());
                sampledOutsideTop += tops[i].EnumerateObject().Count() == 2 ? 1 : 0;
                var index = choice.GetProperty("index").GetInt32();
                Assert.Equal(offsets[index], logprobs.GetProperty("text_offset")[i].GetInt32());
                offsets[index] += tokens[i].Length;
            }
        }

        // At temperature 2 some sampled token is not the likeliest: that position lists it beside the top 1.
        Assert.True(sampledOutsideTop > 0);
    }

    [Fact]
    public async Task A_conversation_is_answered_from_all_its_turns()
    {
        var json = $$"""{"model":"{{ServedNano.ModelId}}","messages":[{"role":"user","content":"hello"},{"role":"assistant","content":"world"},{"role":"user","content":"2+2="}],"temperature":0}""";
        var (status, body) = await SendAsync(HttpMethod.Post, "chat/completions", new StringContent(json, Encoding.UTF8, "application/json"));
        var tokens = Nano.NanoTokenizer.EncodeConversation(["hello", "world", "2+2="]);
        var local = Nano.NanoSampler.Generate(served.Model, tokens, new Nano.SamplingRequest { Temperature = 0, MaxTokens = 32 }, onDelta: null)[0];

        Assert.Equal(HttpStatusCode.OK, status);
        var response = JsonDocument.Parse(body).RootElement;
        Assert.Equal(tokens.Length, response.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(local.Text, response.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Theory]
    [InlineData("""[{"role":"system","content":"Be brief."},{"role":"user","content":"2+2="}]""", "messages[0].role")]
    [InlineData("""[{"role":"user","content":"hello"},{"role":"assistant","content":"world"}]""", "messages[1].role")]
    [InlineData("""[{"role":"user","content":"a"},{"role":"user","content":"b"}]""", "messages[1].role")]
    public async Task A_conversation_nano_cannot_hold_is_refused_naming_the_message(string messages, string param)
    {
        var json = $$"""{"model":"{{ServedNano.ModelId}}","messages":{{messages}}}""";
        var (status, body) = await SendAsync(HttpMethod.Post, "chat/completions", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(param, Error(body).GetProperty("param").GetString());
    }
}
