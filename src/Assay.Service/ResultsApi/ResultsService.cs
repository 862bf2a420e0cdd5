using System.Globalization;
using System.Threading.RateLimiting;
using Assay.Archive.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Assay.Service.ResultsApi;

/// <summary>
/// Puts the results service into the web application: keys, per-key rate limits, endpoint access, the audit log,
/// security headers, JSON errors without stack traces, the API and its OpenAPI document with an interactive page
/// (<c>/openapi/v1.json</c>, <c>/scalar</c>). The request pipeline, outermost first: errors, headers, audit, routing,
/// key, rate limit, access, endpoint; so refused requests are audited too, and limited per key, not per address.
/// </summary>
public static class ResultsService
{
    /// <summary>Registers what the service needs; call before <c>Build</c>.</summary>
    public static void AddResultsService(this WebApplicationBuilder builder, ResultsServiceOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(clock);
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        services.AddOpenApi();
        if (options.Archive is { } archive)
        {
            var results = new ResultsArchive(archive);
            var keys = new ServiceKeyStore(archive, clock);
            services.AddSingleton(results);
            services.AddSingleton(keys);
            services.AddSingleton(new KnownKeys(keys));
            services.AddSingleton<ResultsCache>();
            services.AddHostedService<ArchiveObserver>();
            services.AddSingleton<ResultsContext>();
            services.AddSingleton<AuditTrail>();
            services.AddHostedService(provider => provider.GetRequiredService<AuditTrail>());
            services.AddSingleton<RequestAuditing>();
        }

        services.AddSingleton(provider => new KeyAuthentication(options, provider.GetService<KnownKeys>()));
        services.AddSingleton<AccessCheck>();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, options));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                await ServiceErrors.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
                    "Too many requests for this key (or, without a key, this address); retry after the Retry-After seconds.", "rate_limit_error", "rate_limited");
            };
        });
    }

    /// <summary>Adds the middleware; call after <c>Build</c>, before mapping endpoints.</summary>
    public static void UseResultsService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<ResultsServiceOptions>();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // The exception goes to the server's log; the client gets one line and no stack trace.
            ExceptionHandler = http => ServiceErrors.WriteAsync(http, StatusCodes.Status500InternalServerError, "The server failed to answer this request.", "server_error"),
        });
        app.Use(SecurityHeaders.InvokeAsync);
        if (options.Archive is not null)
        {
            var auditing = app.Services.GetRequiredService<RequestAuditing>();
            app.Use(auditing.InvokeAsync);
        }

        app.UseRouting();
        app.Use(app.Services.GetRequiredService<KeyAuthentication>().InvokeAsync);
        if (options.KeysRequired)
        {
            app.UseRateLimiter();
        }

        app.Use(app.Services.GetRequiredService<AccessCheck>().InvokeAsync);
    }

    /// <summary>Maps the results API (when there is an archive) and the API's description and reference page.</summary>
    public static void MapResultsService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<ResultsServiceOptions>().Archive is not null)
        {
            app.MapResults();
        }

        app.MapOpenApi().WithMetadata(new RequiredAccess(ServiceAccess.Anyone));
        app.MapScalarApiReference().WithMetadata(new RequiredAccess(ServiceAccess.Anyone));
    }

    private static RateLimitPartition<string> Partition(HttpContext http, ResultsServiceOptions options)
    {
        var caller = http.Caller();
        // Loopback clients share one address, so a key is its own partition whatever its address.
        var partition = caller.KeyId ?? "address:" + http.Connection.RemoteIpAddress;
        var perSecond = caller.HasKey ? options.KeyRequestsPerSecond : options.PublicRequestsPerSecond;
        return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 2 * perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
