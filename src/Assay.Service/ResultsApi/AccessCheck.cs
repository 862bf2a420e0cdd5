using Assay.Archive.Results;
using Microsoft.AspNetCore.Http;

namespace Assay.Service.ResultsApi;

/// <summary>Refuses a call to an endpoint its caller may not use (<see cref="AccessPolicy.Allows"/>): 401 without a key, 403 with one.</summary>
internal sealed class AccessCheck(ResultsServiceOptions options)
{
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var required = http.GetEndpoint()?.Metadata.GetMetadata<RequiredAccess>();
        var caller = http.Caller();
        if (required is null || AccessPolicy.Allows(required.Access, caller.Tier, caller.HasKey, options.KeysRequired))
        {
            await next(http);
            return;
        }

        if (caller.HasKey)
        {
            await ServiceErrors.WriteAsync(http, StatusCodes.Status403Forbidden, "This key's tier may not use this endpoint.", "permission_error", "forbidden");
            return;
        }

        http.Response.Headers.WWWAuthenticate = "Bearer";
        await ServiceErrors.WriteAsync(http, StatusCodes.Status401Unauthorized, "This endpoint needs an API key: send Authorization: Bearer KEY.",
            "authentication_error", "missing_api_key");
    }
}
