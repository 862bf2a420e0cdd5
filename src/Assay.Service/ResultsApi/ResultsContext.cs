using Assay.Archive.Results;
using Microsoft.AspNetCore.Http;

namespace Assay.Service.ResultsApi;

/// <summary>What the results endpoints share: the archive's reads, the cache, the clock, and the caller's visibility.</summary>
internal sealed class ResultsContext(ResultsArchive archive, ResultsCache cache, ServiceKeyStore keys, TimeProvider clock, ResultsServiceOptions options)
{
    public ResultsArchive Archive => archive;

    public ResultsCache Cache => cache;

    public ServiceKeyStore Keys => keys;

    public TimeProvider Clock => clock;

    public TimeSpan Embargo => options.Embargo;

    /// <summary>What the request's caller sees of the archive now (<see cref="AccessPolicy"/>).</summary>
    public RolloutVisibility VisibilityOf(HttpContext http) => AccessPolicy.VisibilityOf(http.Caller().Tier, clock.GetUtcNow(), options.Embargo);

    public static string TierWord(HttpContext http) => ServiceWords.ToWord(http.Caller().Tier);
}
