using System.Diagnostics;
using Assay.Archive.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Assay.Service.ResultsApi;

/// <summary>Records every request, refused ones included, in the audit log: who (key), what (method, path and query), the status.</summary>
internal sealed class RequestAuditing(AuditTrail trail, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            var caller = http.Caller();
            var target = http.Request.GetEncodedPathAndQuery();
            await trail.RecordAsync(new AuditEntry(
                clock.GetUtcNow(),
                caller.KeyId,
                caller.Tier,
                http.Request.Method,
                target.Length <= 2000 ? target : target[..2000],
                http.Response.StatusCode,
                Stopwatch.GetElapsedTime(started),
                http.Connection.RemoteIpAddress?.ToString() ?? ""));
        }
    }
}
