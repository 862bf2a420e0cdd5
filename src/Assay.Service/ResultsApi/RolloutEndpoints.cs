using Assay.Archive.Results;
using Assay.Core;
using Assay.Service.ResultsApi.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Service.ResultsApi;

/// <summary>Campaigns, the rollout list (filters, keyset paging) and one rollout in full.</summary>
internal static class RolloutEndpoints
{
    private const int DefaultPageSize = 50;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/campaigns", CampaignsAsync)
            .WithSummary("The campaigns the caller's tier sees, newest first")
            .Produces<CampaignListResponse>();
        api.MapGet("/rollouts", RolloutsAsync)
            .WithSummary($"Rollouts newest first, filtered by model, suite, problem and verdict; pages of limit (1-{ResultsArchive.MaxPageSize}) rows, the next from after=next")
            .Produces<RolloutListResponse>();
        api.MapGet("/rollouts/{id}", RolloutAsync)
            .WithSummary("One rollout in full: the problem's prompt, request, completion, log-probabilities and the verdict's detail")
            .Produces<RolloutFull>();
    }

    private static async Task<IResult> CampaignsAsync(HttpContext http, ResultsContext results)
    {
        var campaigns = await results.Archive.CampaignsAsync(results.VisibilityOf(http), http.RequestAborted);
        return TypedResults.Json(
            new CampaignListResponse([.. campaigns.Select(c => new CampaignItem(
                c.Id, c.Model, c.Suite, c.SamplesPerProblem, c.Settings.Temperature, c.Settings.TopP, c.Settings.MaxTokens, c.CreatedAt))]),
            ApiJson.Options);
    }

    private static async Task<IResult> RolloutsAsync(
        HttpContext http, ResultsContext results, string? model, string? suite, string? problem, string? verdict, string? limit, string? after)
    {
        foreach (var (name, value) in new[] { ("model", model), ("suite", suite), ("problem", problem) })
        {
            if (QueryText.TextError(value) is { } error)
            {
                return ServiceErrors.BadParameter(name, error);
            }
        }

        VerdictStatus? status = null;
        if (verdict is not null && (status = ServiceWords.ParseStatus(verdict)) is null)
        {
            return ServiceErrors.BadParameter("verdict", "expected passed, failed, error, timeout, invalid, infrastructure or refused");
        }

        var (pageSize, limitError) = QueryText.ParseLimit(limit, DefaultPageSize, ResultsArchive.MaxPageSize);
        if (limitError is not null)
        {
            return ServiceErrors.BadParameter("limit", limitError);
        }

        RolloutCursor? cursor = null;
        if (after is not null && (cursor = RolloutCursor.Decode(after)) is null)
        {
            return ServiceErrors.BadParameter("after", "not a cursor this API gave (use the next field of the previous page)");
        }

        var page = await results.Archive.RolloutsAsync(
            results.VisibilityOf(http), new RolloutQuery(model, suite, problem, status, pageSize, cursor), http.RequestAborted);
        return TypedResults.Json(new RolloutListResponse([.. page.Items.Select(ToItem)], page.Next?.Encode()), ApiJson.Options);
    }

    private static async Task<IResult> RolloutAsync(HttpContext http, ResultsContext results, string id)
    {
        if (QueryText.TextError(id) is { } error)
        {
            return ServiceErrors.BadParameter("id", error);
        }

        var detail = await results.Archive.RolloutAsync(results.VisibilityOf(http), id, http.RequestAborted);
        if (detail is null)
        {
            return ServiceErrors.NotFound($"No rollout '{id}' that this tier may see.");
        }

        var r = detail.Rollout;
        var item = new RolloutItem(
            r.Id, r.CampaignId, detail.Suite, r.ProblemId, r.SampleIndex, r.Attempt, r.Model, ServiceWords.ToWord(r.Verdict.Status), r.Verdict.Reward,
            r.PromptTokens, r.CompletionTokens, r.Latency.TotalSeconds, r.Cost, r.CreatedAt);
        return TypedResults.Json(
            new RolloutFull(
                item,
                detail.ProblemPrompt,
                r.Request,
                r.Completion,
                r.FinishReason,
                r.Logprobs?.Select(t => new TokenLogprobItem(t.Token, t.Logprob, [.. t.Top.Select(a => new TopLogprobItem(a.Token, a.Logprob))])).ToList(),
                r.Verdict.Detail,
                r.Verdict.Isolation.ToString(),
                r.Verdict.Verifier,
                r.Verdict.Elapsed.TotalSeconds),
            ApiJson.Options);
    }

    private static RolloutItem ToItem(RolloutSummary s) => new(
        s.Id, s.CampaignId, s.Suite, s.ProblemId, s.SampleIndex, s.Attempt, s.Model, ServiceWords.ToWord(s.Verdict), s.Reward,
        s.PromptTokens, s.CompletionTokens, s.Latency.TotalSeconds, s.Cost, s.CreatedAt);
}
