using System.Text.Json;
using Assay.Archive.Results;
using Assay.Core;
using Assay.Reports;
using Assay.Service.ResultsApi.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Service.ResultsApi;

/// <summary>
/// The results API under <c>/v1</c>: leaderboards, progress over time and per-problem solve rates (computed views,
/// cached by <see cref="ResultsCache"/>), campaigns and rollouts (read per request), and for admins keys and the
/// audit log. Every read goes through the caller's <see cref="RolloutVisibility"/>.
/// </summary>
public static class ResultsEndpoints
{
    /// <summary>Maps the results API.</summary>
    public static IEndpointRouteBuilder MapResults(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var api = routes.MapGroup("/v1").WithMetadata(new RequiredAccess(ServiceAccess.Anyone)).WithTags("results");
        api.MapGet("/leaderboard", LeaderboardAsync)
            .WithSummary("A suite's leaderboard: pass@k (k=1,10,100 unless asked) with bootstrap intervals and cost per verified solution, per model; released_after=yyyy-MM-dd keeps only problems released after that date")
            .Produces<LeaderboardResponse>();
        api.MapGet("/progress", ProgressAsync)
            .WithSummary("A model's campaigns in date order with their pass@1: its progress over time")
            .Produces<ProgressResponse>();
        api.MapGet("/problems", ProblemsAsync)
            .WithSummary("Per-problem solve rates on a suite, hardest first")
            .Produces<ProblemRatesResponse>();
        RolloutEndpoints.Map(api);
        AdminEndpoints.Map(routes.MapGroup("/v1").WithMetadata(new RequiredAccess(ServiceAccess.Admin)).WithTags("admin"));
        return routes;
    }

    private static async Task<IResult> LeaderboardAsync(HttpContext http, ResultsContext results, string? suite, string? k, string? released_after)
    {
        if (suite is null || QueryText.TextError(suite) is not null)
        {
            return ServiceErrors.BadParameter("suite", QueryText.TextError(suite) ?? "required: the suite whose leaderboard to show");
        }

        var (ks, kError) = QueryText.ParseKs(k);
        if (kError is not null)
        {
            return ServiceErrors.BadParameter("k", kError);
        }

        var (releasedAfter, dateError) = QueryText.ParseDate(released_after);
        if (dateError is not null)
        {
            return ServiceErrors.BadParameter("released_after", dateError);
        }

        var options = new ReportOptions(ks);
        return await CachedViewAsync(
            http, results, $"leaderboard|{suite}|{string.Join(',', options.EffectiveKs)}|{releasedAfter}", new TallyQuery(suite, null, releasedAfter),
            (tallies, tier) => new LeaderboardResponse(suite, tier, releasedAfter, TallyViews.Leaderboard(tallies, suite, options)));
    }

    private static async Task<IResult> ProgressAsync(HttpContext http, ResultsContext results, string? model, string? suite)
    {
        if (model is null || QueryText.TextError(model) is not null)
        {
            return ServiceErrors.BadParameter("model", QueryText.TextError(model) ?? "required: the model whose progress to show");
        }

        if (QueryText.TextError(suite) is { } suiteError)
        {
            return ServiceErrors.BadParameter("suite", suiteError);
        }

        return await CachedViewAsync(http, results, $"progress|{model}|{suite}", new TallyQuery(Suite: suite, Model: model),
            (tallies, tier) => new ProgressResponse(model, suite, tier, TallyViews.Progress(tallies, new ReportOptions())));
    }

    private static async Task<IResult> ProblemsAsync(HttpContext http, ResultsContext results, string? suite, string? model)
    {
        if (suite is null || QueryText.TextError(suite) is not null)
        {
            return ServiceErrors.BadParameter("suite", QueryText.TextError(suite) ?? "required: the suite whose problems to show");
        }

        if (QueryText.TextError(model) is { } modelError)
        {
            return ServiceErrors.BadParameter("model", modelError);
        }

        return await CachedViewAsync(http, results, $"problems|{suite}|{model}", new TallyQuery(Suite: suite, Model: model),
            (tallies, tier) => new ProblemRatesResponse(suite, model, tier, TallyViews.Problems(tallies)));
    }

    // A view computed from the visible tallies, served from the cache while it cannot have changed. The key holds every
    // parameter of the view and the caller's tier; the compute function captures nothing of the request, as the cache
    // keeps it to recompute the view when rollouts land or leave the embargo.
    private static async Task<IResult> CachedViewAsync<T>(
        HttpContext http, ResultsContext results, string key, TallyQuery query, Func<IReadOnlyList<ProblemTally>, string, T> view)
    {
        var tier = http.Caller().Tier;
        var fullKey = $"{ServiceWords.ToWord(tier)}|{key}";
        var json = results.Cache.TryGet(fullKey) ?? await results.Cache.GetAsync(fullKey, tier, Compute(results.Archive, tier, query, view), http.RequestAborted);
        return Results.Bytes(json, "application/json");
    }

    // Made only when the view is not held (its closure is an allocation a held answer does not pay for).
    private static Func<RolloutVisibility, CancellationToken, Task<byte[]>> Compute<T>(
        ResultsArchive archive, Tier tier, TallyQuery query, Func<IReadOnlyList<ProblemTally>, string, T> view) => async (visibility, cancellationToken) =>
    {
        var tallies = await archive.TalliesAsync(visibility, query, cancellationToken);
        return JsonSerializer.SerializeToUtf8Bytes(view(tallies, ServiceWords.ToWord(tier)), ApiJson.Options);
    };
}
