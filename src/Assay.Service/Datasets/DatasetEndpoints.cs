using System.Text.Json;
using Assay.Archive;
using Assay.Publishing;
using Assay.Archive.Results;
using Assay.Service.ResultsApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Assay.Service.Datasets;

/// <summary>
/// <c>GET /v1/datasets</c> (the manifest) and <c>GET /v1/datasets/{file}</c>: the publication of <c>assay publish</c>
/// for the caller's view. Public: the passed rollouts past the embargo, in the public formats. Subscribers: every
/// passed rollout at once, and the DPO pairs, which hold negative rollouts and are refused to the public tier.
/// </summary>
public static class DatasetEndpoints
{
    private static readonly JsonSerializerOptions s_manifestJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Maps the dataset routes over <paramref name="archive"/>.</summary>
    public static IEndpointRouteBuilder MapDatasets(this IEndpointRouteBuilder routes, IRolloutArchive archive, TimeSpan embargo, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var publications = new Publications(archive, embargo, clock);
        routes.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(publications.Dispose);
        var group = routes.MapGroup("/v1").WithMetadata(new RequiredAccess(ServiceAccess.Anyone)).WithTags("datasets");
        group.MapGet("/datasets", async (HttpContext http, CancellationToken cancellationToken) =>
            Results.Json((await publications.ForAsync(http.Caller().Tier, cancellationToken).ConfigureAwait(false)).Manifest, s_manifestJson))
            .WithSummary("The manifest of the caller's publication: files with record counts and SHA-256, cut-off, source campaigns and models, verifiers, licence");
        group.MapGet("/datasets/{file}", async (HttpContext http, string file, CancellationToken cancellationToken) =>
        {
            var format = Enum.GetValues<DatasetFormat>().Where(f => DatasetFormats.FileName(f) == file).Select(f => (DatasetFormat?)f).FirstOrDefault();
            if (format is null)
            {
                return ServiceErrors.NotFound($"No dataset file '{file}'; GET /v1/datasets lists the files");
            }

            var (directory, manifest) = await publications.ForAsync(http.Caller().Tier, cancellationToken).ConfigureAwait(false);
            if (!manifest.Files.Any(f => f.Name == file))
            {
                return Results.Json(ServiceErrors.Body($"{file} holds negative rollouts: for subscribers only", "permission_error", "subscribers_only"), statusCode: 403);
            }

            var type = format == DatasetFormat.Parquet ? "application/vnd.apache.parquet" : "application/jsonl; charset=utf-8";
            return Results.File(Path.Combine(directory, file), type, file);
        }).WithSummary("One file of the caller's publication (sft.jsonl, prompt_completion.jsonl, distill.jsonl, rollouts.parquet; dpo.jsonl for subscribers)");
        return routes;
    }
}
