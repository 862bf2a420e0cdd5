using System.Text.Json;
using Assay.Archive.Results;
using Assay.Service.ResultsApi.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Service.ResultsApi;

/// <summary>Admin keys only: list, make and revoke API keys; read the audit log.</summary>
internal static class AdminEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/keys", ListKeysAsync).WithSummary("Every API key, revoked ones included (never their text)").Produces<KeyListResponse>();
        admin.MapPost("/keys", CreateKeyAsync).WithSummary("Makes a key; its text is in this answer only").Produces<CreatedKeyResponse>(StatusCodes.Status201Created);
        admin.MapDelete("/keys/{id}", RevokeKeyAsync).WithSummary("Revokes a key").Produces<KeyItem>();
        admin.MapGet("/audit", AuditAsync).WithSummary("Who read what, newest first; the next page from before=next").Produces<AuditResponse>();
    }

    private static async Task<IResult> ListKeysAsync(HttpContext http, ResultsContext results)
    {
        var keys = await results.Keys.ListAsync(http.RequestAborted);
        return TypedResults.Json(new KeyListResponse([.. keys.Select(ToItem)]), ApiJson.Options);
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext http, ResultsContext results)
    {
        CreateKeyRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<CreateKeyRequest>(http.Request.Body, ApiJson.Options, http.RequestAborted);
        }
        catch (JsonException ex)
        {
            return ServiceErrors.BadParameter("body", $"expected {{\"tier\": \"public|subscriber|admin\", \"name\": \"...\"}}: {ex.Message}");
        }

        if (request?.Tier is null || ServiceWords.ParseTier(request.Tier) is not { } tier)
        {
            return ServiceErrors.BadParameter("tier", "expected public, subscriber or admin");
        }

        if (QueryText.TextError(request.Name) is { } nameError)
        {
            return ServiceErrors.BadParameter("name", nameError);
        }

        var created = await results.Keys.CreateAsync(tier, request.Name ?? "", http.RequestAborted);
        return TypedResults.Json(new CreatedKeyResponse(ToItem(created.Key), created.Secret), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeKeyAsync(HttpContext http, ResultsContext results, string id)
    {
        if (!await results.Keys.RevokeAsync(id, http.RequestAborted))
        {
            return ServiceErrors.NotFound($"No key '{id}' that is not already revoked.");
        }

        results.KnownKeys.Revoke(id);

        var key = (await results.Keys.ListAsync(http.RequestAborted)).Single(k => k.Id == id);
        return TypedResults.Json(ToItem(key), ApiJson.Options);
    }

    private static async Task<IResult> AuditAsync(HttpContext http, ResultsContext results, string? limit, string? before)
    {
        var (pageSize, limitError) = QueryText.ParseLimit(limit, 100, ResultsArchive.MaxPageSize);
        if (limitError is not null)
        {
            return ServiceErrors.BadParameter("limit", limitError);
        }

        long? beforeId = null;
        if (before is not null)
        {
            if (!long.TryParse(before, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return ServiceErrors.BadParameter("before", "expected an audit entry id (the next field of the previous page)");
            }

            beforeId = id;
        }

        var entries = await results.Archive.AuditAsync(pageSize, beforeId, http.RequestAborted);
        var items = entries.Select(e => new AuditItem(
            e.Id, e.At, e.KeyId, ServiceWords.ToWord(e.Tier), e.Method, e.Path, e.Status, e.Elapsed.TotalSeconds, e.Remote)).ToList();
        return TypedResults.Json(new AuditResponse(items, items.Count == pageSize ? items[^1].Id : null), ApiJson.Options);
    }

    private static KeyItem ToItem(ServiceKey key) => new(key.Id, key.Name, ServiceWords.ToWord(key.Tier), key.CreatedAt, key.RevokedAt);
}
