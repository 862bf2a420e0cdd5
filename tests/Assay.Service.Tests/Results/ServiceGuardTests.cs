using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Assay.Nano;
using Assay.Service.ResultsApi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Service.Tests.Results;

/// <summary>Rate limits per key, the single model key, and the headers every answer carries (the audit log: <see cref="AuditTests"/>).</summary>
public sealed class ServiceGuardTests
{
    [Fact]
    public async Task A_key_past_its_rate_limit_gets_429_with_retry_after_while_another_key_is_unaffected()
    {
        await using var host = await ResultsHost.StartAsync(keyRequestsPerSecond: 5);
        using var greedy = host.Client("subscriber");
        using var other = host.Client("admin");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 30 && limited is null; i++)
        {
            var response = await greedy.GetAsync("v1/campaigns");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        using var fromOther = await other.GetAsync("v1/campaigns");

        Assert.NotNull(limited);
        Assert.True(statuses.Count > 5, "the burst of twice the rate per second is allowed first");
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Equal("rate_limit_error", (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, fromOther.StatusCode);
    }

    [Fact]
    public async Task With_a_single_model_key_nano_answers_only_requests_that_carry_it()
    {
        var model = NanoModel.Create(NanoConfig.ForText(layers: 1, width: 16, heads: 2, context: 32), seed: 1);
        await using var app = NanoServer.Build("http://127.0.0.1:0", new Dictionary<string, NanoModel> { ["nano:test"] = model }, TimeProvider.System,
            new ResultsServiceOptions { ModelKey = "the-one-key" });
        await app.StartAsync();
        var baseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
        using var http = new HttpClient { BaseAddress = baseUrl };

        async Task<HttpStatusCode> ChatAsync(string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
            {
                Content = new StringContent("""{"model":"nano:test","messages":[{"role":"user","content":"hi"}],"max_tokens":1}""", Encoding.UTF8, "application/json"),
            };
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await ChatAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await ChatAsync("the-one-kez"));
        Assert.Equal(HttpStatusCode.OK, await ChatAsync("the-one-key"));
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_is_not_cached()
    {
        await using var host = await ResultsHost.StartAsync();
        using var client = host.Client(null);

        using var ok = await client.GetAsync("v1/campaigns");
        using var refused = await client.GetAsync("v1/keys");

        foreach (var response in new[] { ok, refused })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.True(response.Headers.CacheControl?.NoStore);
        }
    }
}
