using System.Threading.Channels;
using Assay.Archive.Results;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Service.ResultsApi;

/// <summary>
/// Writes the audit log in the background: a request only queues its entry, and the entries are stored in batches of
/// up to 512 per transaction, so auditing every request costs the request nothing it waits for. Entries queued when
/// the server stops are written before it exits; past 100,000 waiting entries a request waits for room rather than
/// dropping its entry.
/// </summary>
internal sealed partial class AuditTrail(ResultsArchive archive, ILogger<AuditTrail> log) : BackgroundService
{
    private const int BatchSize = 512;

    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(
        new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ValueTask RecordAsync(AuditEntry entry) => _queue.Writer.WriteAsync(entry);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>(BatchSize);
        // Reads until the writer completes (server stopping), not until stoppingToken: what was queued is still written.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            try
            {
                await archive.AppendAuditAsync(batch, CancellationToken.None);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                LogWriteFailed(log, ex, batch.Count);
            }

            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} audit entries")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
