using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Assay.Service.Tests.Results;

/// <summary>
/// SQL metacharacters in every query and path parameter the OpenAPI document lists, and page sizes out of bounds: each
/// answer is a 200 with nothing matched, or a 400/404 naming the problem, never a 500, and the archive is intact.
/// (On SQLite here; <see cref="PostgresHostileQueryTests"/> runs the same on PostgreSQL.)
/// </summary>
public class HostileQueryTests : IAsyncLifetime
{
    private static readonly string[] Hostile =
    [
        "' OR '1'='1", "s1' --", "\"; DROP TABLE rollouts; --", "1; DELETE FROM api_keys", "%", "_", "\\", "*", "s1\0", "${x}", "$1", "@suite", "?",
    ];

    protected ResultsHost Host { get; private set; } = null!;

    protected virtual Task<string?> PostgresAsync() => Task.FromResult<string?>(null);

    public async Task InitializeAsync() => Host = await ResultsHost.StartAsync(await PostgresAsync());

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Fact]
    public async Task Sql_metacharacters_in_every_filter_match_nothing_and_break_nothing()
    {
        using var admin = Host.Client("admin");
        var document = await admin.GetFromJsonAsync<JsonElement>("openapi/v1.json");
        var failures = new List<string>();
        var probed = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/v1/", StringComparison.Ordinal)))
        {
            if (!path.Value.TryGetProperty("get", out var get) || !get.TryGetProperty("parameters", out var parameters))
            {
                continue;
            }

            foreach (var parameter in parameters.EnumerateArray().Select(p => (Name: p.GetProperty("name").GetString()!, In: p.GetProperty("in").GetString()!)))
            {
                // Kestrel itself refuses a NUL in the path with a bare 400 before any of the application runs.
                foreach (var value in Hostile.Where(v => parameter.In != "path" || !v.Contains('\0', StringComparison.Ordinal)))
                {
                    var url = parameter.In == "path"
                        ? path.Name.Replace("{" + parameter.Name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal).TrimStart('/')
                        : $"{path.Name.TrimStart('/')}?suite=s1&model=m1&{parameter.Name}={Uri.EscapeDataString(value)}";
                    using var response = await admin.GetAsync(url);
                    var text = await response.Content.ReadAsStringAsync();
                    probed++;
                    if (text.Length == 0)
                    {
                        failures.Add($"{url}: {(int)response.StatusCode} with an empty body");
                        continue;
                    }

                    var body = JsonDocument.Parse(text).RootElement;
                    if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
                        || (response.StatusCode != HttpStatusCode.OK && !body.TryGetProperty("error", out _))
                        || (response.StatusCode == HttpStatusCode.OK && body.GetRawText().Contains("wrong answer", StringComparison.Ordinal) && parameter.Name is "problem" or "suite" or "model"))
                    {
                        failures.Add($"{url}: {(int)response.StatusCode} {body}");
                    }
                }
            }
        }

        var all = await admin.GetFromJsonAsync<JsonElement>("v1/rollouts?limit=500");
        var keys = await admin.GetFromJsonAsync<JsonElement>("v1/keys");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(probed >= 10 * Hostile.Length, $"only {probed} probes: the OpenAPI document lists too few parameters");
        Assert.Equal(10, all.GetProperty("rollouts").GetArrayLength());
        Assert.Equal(4, keys.GetProperty("keys").GetArrayLength());
    }

    [Theory]
    [InlineData("v1/rollouts?limit=501")]
    [InlineData("v1/rollouts?limit=1000000")]
    [InlineData("v1/rollouts?limit=99999999999999999999")]
    [InlineData("v1/rollouts?limit=0")]
    [InlineData("v1/rollouts?limit=-1")]
    [InlineData("v1/audit?limit=501")]
    public async Task Oversized_or_empty_pages_are_refused_naming_the_limit(string url)
    {
        using var admin = Host.Client("admin");

        using var response = await admin.GetAsync(url);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("limit", body.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task A_page_at_the_bound_is_served()
    {
        using var admin = Host.Client("admin");

        var page = await admin.GetFromJsonAsync<JsonElement>("v1/rollouts?limit=500");

        Assert.Equal(10, page.GetProperty("rollouts").GetArrayLength());
    }
}
