using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Assay.Bench.Service;

/// <summary>The requests an attacker sends.</summary>
internal static class Probes
{
    /// <summary>The served model's id ("nano:" + the checkpoint path), as /v1/models names it.</summary>
    public static async Task<string> ModelAsync(HttpClient http)
    {
        var json = await http.GetStringAsync("models");
        var at = json.IndexOf("\"id\":\"", StringComparison.Ordinal) + 6;
        return json[at..json.IndexOf('"', at)];
    }

    public static async Task ChatAsync(HttpClient http, string model, string prompt)
    {
        using var content = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"{{prompt}}"}]}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("chat/completions", content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>All at once: chat requests with a prompt of <paramref name="megabytes"/> MB of 'a'; their statuses counted.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> BigPromptsAsync(HttpClient http, string model, int count, int megabytes)
    {
        var statuses = new ConcurrentDictionary<string, int>();
        var prompt = new string('a', megabytes * 1024 * 1024);
        var body = Encoding.UTF8.GetBytes($$"""{"model":"{{model}}","messages":[{"role":"user","content":"{{prompt}}"}]}""");
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            string status;
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await http.PostAsync("chat/completions", content);
                status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException ex)
            {
                // A server that answers 413 before reading the body may close the connection while it is being sent.
                status = "closed: " + (ex.HttpRequestError.ToString());
            }

            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        }));
        return statuses;
    }

    /// <summary>
    /// Streaming requests, <paramref name="concurrency"/> at a time, over raw sockets: each reads until the first event
    /// and then resets the connection (SO_LINGER 0), as a client that crashed or gave up would.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int>> ResetStreamsAsync(Uri baseUrl, string model, int count, int concurrency)
    {
        var statuses = new ConcurrentDictionary<string, int>();
        var body = Encoding.UTF8.GetBytes($$"""{"model":"{{model}}","messages":[{"role":"user","content":"2+2="}],"n":128,"stream":true,"logprobs":true,"top_logprobs":5}""");
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                var status = await ResetOneAsync(baseUrl, body);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            }
        })));
        return statuses;
    }

    private static async Task<string> ResetOneAsync(Uri baseUrl, byte[] body)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(baseUrl.Host, baseUrl.Port);
        var head = $"POST {baseUrl.AbsolutePath}chat/completions HTTP/1.1\r\nHost: {baseUrl.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head).Concat(body).ToArray());
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("data: ", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
        var text = received.ToString();
        return text.Length > 12 ? text[9..12] : "no answer";
    }
}
