using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Assay.Archive.Results;
using Assay.Core;

namespace Assay.Service.Tests.Results;

/// <summary>The expected access to every endpoint the application maps, one row each.</summary>
public static class AccessMatrix
{
    /// <summary>The callers: no key, a key of each tier, a revoked key, a forged key (an admin key's id, another secret).</summary>
    public static readonly string?[] Callers = [null, "public", "subscriber", "admin", "revoked", "forged"];

    public static readonly IReadOnlyList<AccessRow> Rows =
    [
        Anyone("GET", "/v1/leaderboard", $"v1/leaderboard?suite={SeededArchive.Suite}&k=1", (caller, after, body) =>
            Assert.Equal(Sees(caller, after) ? 2 : 1, body.GetProperty("entries").GetArrayLength())),
        Anyone("GET", "/v1/progress", "v1/progress?model=m2", (caller, after, body) =>
            Assert.Equal(Sees(caller, after) ? 1 : 0, body.GetProperty("campaigns").GetArrayLength())),
        Anyone("GET", "/v1/problems", $"v1/problems?suite={SeededArchive.Suite}&model=m2", (caller, after, body) =>
            Assert.Equal(Sees(caller, after) ? 2 : 0, body.GetProperty("problems").GetArrayLength())),
        Anyone("GET", "/v1/campaigns", "v1/campaigns", (caller, after, body) =>
            Assert.Equal(Sees(caller, after) ? 2 : 1, body.GetProperty("campaigns").GetArrayLength())),
        Anyone("GET", "/v1/rollouts", "v1/rollouts?limit=500", (caller, after, body) =>
        {
            var rollouts = body.GetProperty("rollouts").EnumerateArray().ToList();
            var ids = rollouts.Select(r => r.GetProperty("id").GetString()).ToList();
            Assert.Equal(Sees(caller, after), ids.Contains(SeededArchive.NewPositive));
            Assert.Equal(IsSubscriber(caller), ids.Contains(SeededArchive.OldNegative));
            Assert.True(IsSubscriber(caller) || rollouts.All(r => r.GetProperty("verdict").GetString() == "passed"));
        }),
        new("GET", "/v1/rollouts/{id}", Get($"v1/rollouts/{SeededArchive.NewPositive}"),
            caller => Refused(caller) ?? HttpStatusCode.OK,
            Check: null),
        Admin("GET", "/v1/keys", Get("v1/keys"), HttpStatusCode.OK),
        Admin("POST", "/v1/keys", Send(HttpMethod.Post, "v1/keys", """{"tier":"public","name":"matrix"}"""), HttpStatusCode.Created),
        Admin("DELETE", "/v1/keys/{id}", async host =>
        {
            var victim = await new ServiceKeyStore(host.Archive, host.Clock).CreateAsync(Tier.Public, "victim");
            return new HttpRequestMessage(HttpMethod.Delete, $"v1/keys/{victim.Key.Id}");
        }, HttpStatusCode.OK),
        Admin("GET", "/v1/audit", Get("v1/audit?limit=5"), HttpStatusCode.OK),
        KeyHolders("GET", "/v1/models", Get("v1/models")),
        KeyHolders("GET", "/v1/models/{**id}", Get($"v1/models/{ResultsHost.ModelId}")),
        Anyone("GET", "/v1/datasets", "v1/datasets", (caller, after, body) =>
        {
            Assert.Equal(IsSubscriber(caller), body.GetProperty("includes_negatives").GetBoolean());
            Assert.Equal(Sees(caller, after) ? 5 : 2, body.GetProperty("positive").GetInt32());
        }),
        new("GET", "/v1/datasets/{file}", Get("v1/datasets/dpo.jsonl"),
            caller => Refused(caller) ?? (IsSubscriber(caller) ? HttpStatusCode.OK : HttpStatusCode.Forbidden),
            Check: null),
        Anyone("GET", "/health", "health", (_, _, body) => Assert.Equal("ok", body.GetProperty("status").GetString())),
        KeyHolders("POST", "/v1/chat/completions", Send(HttpMethod.Post, "v1/chat/completions",
            $$"""{"model":"{{ResultsHost.ModelId}}","messages":[{"role":"user","content":"hi"}],"max_tokens":1}""")),
        KeyHolders("POST", "/v1/completions", Send(HttpMethod.Post, "v1/completions", $$"""{"model":"{{ResultsHost.ModelId}}","prompt":"hi","max_tokens":1}""")),
        Anyone("GET", "/openapi/{documentName}.json", "openapi/v1.json", (_, _, body) => Assert.True(body.GetProperty("paths").TryGetProperty("/v1/leaderboard", out _))),
        Anyone("GET", "/scalar/{documentName?}", "scalar/v1", null),
        Anyone("GET", "/scalar/scalar.js", "scalar/scalar.js", null),
        Anyone("GET", "/scalar/scalar.aspnetcore.js", "scalar/scalar.aspnetcore.js", null),
        Anyone("GET", "/scalar/favicon.svg", "scalar/favicon.svg", null),
    ];

    /// <summary>The single rollout row's status depends on the phase: public callers see the new positive only after.</summary>
    public static HttpStatusCode StatusOf(AccessRow row, string? caller, bool after) =>
        row.Pattern == "/v1/rollouts/{id}" && Refused(caller) is null && !Sees(caller, after) ? HttpStatusCode.NotFound : row.Status(caller);

    // Whether the caller sees c-new (created 5 days before Now): subscribers always, the public tier after the embargo.
    private static bool Sees(string? caller, bool after) => IsSubscriber(caller) || after;

    private static bool IsSubscriber(string? caller) => caller is "subscriber" or "admin";

    private static HttpStatusCode? Refused(string? caller) => caller is "revoked" or "forged" ? HttpStatusCode.Unauthorized : null;

    private static AccessRow Anyone(string method, string pattern, string path, Action<string?, bool, JsonElement>? check) =>
        new(method, pattern, Get(path), caller => Refused(caller) ?? HttpStatusCode.OK, check);

    private static AccessRow Admin(string method, string pattern, Func<ResultsHost, Task<HttpRequestMessage>> request, HttpStatusCode success) =>
        new(method, pattern, request, caller => Refused(caller) ?? caller switch
        {
            null => HttpStatusCode.Unauthorized,
            "admin" => success,
            _ => HttpStatusCode.Forbidden,
        });

    private static AccessRow KeyHolders(string method, string pattern, Func<ResultsHost, Task<HttpRequestMessage>> request) =>
        new(method, pattern, request, caller => Refused(caller) ?? (caller is null ? HttpStatusCode.Unauthorized : HttpStatusCode.OK));

    private static Func<ResultsHost, Task<HttpRequestMessage>> Get(string path) => _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, path));

    private static Func<ResultsHost, Task<HttpRequestMessage>> Send(HttpMethod method, string path, string json) =>
        _ => Task.FromResult(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    /// <summary>Reads a response body as JSON, or null when it is not JSON (scripts, images).</summary>
    public static async Task<JsonElement?> JsonOf(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is "application/json" or "application/problem+json"
            ? await response.Content.ReadFromJsonAsync<JsonElement>()
            : null;
}
