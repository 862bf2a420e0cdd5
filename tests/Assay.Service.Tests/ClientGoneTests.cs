using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Assay.Nano;
using Microsoft.AspNetCore.Builder;

namespace Assay.Service.Tests;

/// <summary>
/// A client that goes away stops its generation: long completions against a real served nano over loopback, the
/// connection dropped while the generation runs, and the server's own <c>/health</c> counts of its generations read
/// until the generation has ended, then how it ended. Were the cancellation not wired to the sampling loop, the
/// generation would still be running after the bound, or would have ended as finished rather than cancelled.
/// </summary>
public sealed class ClientGoneTests : IAsyncLifetime
{
    private const string ModelId = "nano:long";

    // Untrained, with a long context: a batch of 16 answers of up to 500 tokens takes seconds on this machine, and
    // every step is a point where a cancelled generation must stop.
    private const string Body = "\"model\":\"nano:long\",\"n\":16,\"max_tokens\":500,\"temperature\":1,\"seed\":5";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http = new();
    private WebApplication _app = null!;
    private Uri _root = null!;

    public async Task InitializeAsync()
    {
        (_app, _root) = await ServedNano.StartAsync(ModelId, NanoModel.Create(NanoConfig.ForText(layers: 4, width: 128, heads: 4, context: 512), seed: 1));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<JsonElement> GenerationsAsync() =>
        (await _http.GetFromJsonAsync<JsonElement>(new Uri(_root, "health"))).GetProperty("generations");

    private async Task<JsonElement> WaitAsync(Func<JsonElement, bool> until, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var generations = await GenerationsAsync();
            if (until(generations))
            {
                return generations;
            }

            Assert.True(clock.Elapsed < Bound, $"{what} within {Bound.TotalSeconds} s; /health says {generations}");
            await Task.Delay(20);
        }
    }

    private async Task<Socket> SendAsync(string path, string json)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_root.Host, _root.Port);
        var body = Encoding.UTF8.GetBytes(json);
        var head = $"POST /v1/{path} HTTP/1.1\r\nHost: {_root.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head).Concat(body).ToArray());
        return socket;
    }

    private static async Task ReadFirstEventAsync(Socket socket)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("data: ", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer);
            Assert.True(read > 0, $"the server closed the stream before its first event: {received}");
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        Assert.StartsWith("HTTP/1.1 200", received.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chat/completions", "\"messages\":[{\"role\":\"user\",\"content\":\"2+2=\"}]", true)]
    [InlineData("completions", "\"prompt\":\"2+2=\",\"logprobs\":5", false)]
    public async Task A_stream_reset_after_its_first_chunk_stops_its_generation(string path, string prompt, bool reset)
    {
        var socket = await SendAsync(path, $$"""{{{Body}},{{prompt}},"stream":true}""");
        await ReadFirstEventAsync(socket);
        await WaitAsync(g => g.GetProperty("running").GetInt32() == 1, "the generation started");

        // A crashed client (TCP reset) or one that closed its end (FIN): the server must notice either.
        if (reset)
        {
            socket.LingerState = new LingerOption(true, 0);
        }

        socket.Close();

        var ended = await WaitAsync(g => g.GetProperty("running").GetInt32() == 0, "the generation stopped after its client left");
        Assert.Equal((1, 0, 0), (ended.GetProperty("cancelled").GetInt32(), ended.GetProperty("finished").GetInt32(), ended.GetProperty("failed").GetInt32()));
    }

    [Fact]
    public async Task A_client_that_leaves_a_non_streaming_completion_stops_its_generation()
    {
        var socket = await SendAsync("chat/completions", $$"""{{{Body}},"messages":[{"role":"user","content":"2+2="}]}""");
        await WaitAsync(g => g.GetProperty("running").GetInt32() == 1, "the generation started");

        socket.Close();

        var ended = await WaitAsync(g => g.GetProperty("running").GetInt32() == 0, "the generation stopped after its client left");
        Assert.Equal((1, 0, 0), (ended.GetProperty("cancelled").GetInt32(), ended.GetProperty("finished").GetInt32(), ended.GetProperty("failed").GetInt32()));
    }
}
