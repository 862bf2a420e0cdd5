using Assay.Archive.Results;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Service.ResultsApi;

/// <summary>
/// Reads, every <see cref="ResultsServiceOptions.RefreshInterval"/>, what other processes may have changed in the
/// archive: its version (rollouts stored) and which keys are revoked. Requests then never read the archive to learn
/// whether what the server holds is current: <see cref="ResultsCache"/> recomputes its views from here, and
/// <see cref="KnownKeys"/> drops revoked keys. Two small reads per interval, whatever the request rate.
/// </summary>
internal sealed partial class ArchiveObserver(
    ResultsArchive archive, ServiceKeyStore keys, KnownKeys knownKeys, ResultsCache cache, ResultsServiceOptions options, ILogger<ArchiveObserver> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                var revoked = (await keys.ListAsync(stoppingToken)).Where(k => k.RevokedAt is not null).Select(k => k.Id);
                knownKeys.Revoke(revoked);
                cache.Observe(await archive.VersionAsync(stoppingToken), stoppingToken);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                // An archive briefly unreachable: the views age out of their grace and requests report the failure.
                LogReadFailed(log, ex);
            }

            // Wall time, whatever clock the embargo is judged by.
            await Task.Delay(options.RefreshInterval, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the archive's version and revoked keys")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
