using Assay.Archive.Results;
using Microsoft.AspNetCore.Http;

namespace Assay.Service.ResultsApi;

/// <summary>What the results endpoints share: the archive's reads, the cache, the keys, the clock, and the caller's visibility.</summary>
internal sealed class ResultsContext(ResultsArchive archive, ResultsCache cache, ServiceKeyStore keys, KnownKeys knownKeys, TimeProvider clock, ResultsServiceOptions options)
{
    public ResultsArchive Archive => archive;

    public ResultsCache Cache => cache;

    public ServiceKeyStore Keys => keys;

    /// <summary>The keys this server holds verified; a key revoked here must be dropped from them at once.</summary>
    public KnownKeys KnownKeys => knownKeys;

    public TimeProvider Clock => clock;

    /// <summary>What the request's caller sees of the archive now (<see cref="AccessPolicy"/>).</summary>
    public RolloutVisibility VisibilityOf(HttpContext http) => AccessPolicy.VisibilityOf(http.Caller().Tier, clock.GetUtcNow(), options.Embargo);
}
