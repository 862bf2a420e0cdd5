using Microsoft.AspNetCore.Http;

namespace Assay.Service.ResultsApi;

/// <summary>Reads the request's <see cref="Caller"/>, set by <see cref="KeyAuthentication"/>.</summary>
public static class CallerFeature
{
    /// <summary>The caller, or <see cref="Caller.Anonymous"/> before authentication ran.</summary>
    public static Caller Caller(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Features.Get<Caller>() ?? ResultsApi.Caller.Anonymous;
    }
}
