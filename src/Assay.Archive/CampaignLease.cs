using System.Data.Common;
using System.Diagnostics;

namespace Assay.Archive;

/// <summary>
/// The right to run one campaign, held by one process at a time through a row in the archive (migration 7): taken at
/// the start of a run or a resume, renewed by a heartbeat every third of its time to live, released at the end. Another
/// process is refused (<see cref="CampaignLeaseHeldException"/>, naming the holder) until the lease expires by the
/// database's clock — or at once when the holder ran on this host and its process is gone (killed with SIGKILL), which
/// is what a resume after a crash meets. A holder whose renewal finds the lease taken over (it was stalled past the
/// expiry) learns it through <see cref="Lost"/> and must stop sending requests.
/// </summary>
public sealed class CampaignLease : IAsyncDisposable
{
    /// <summary>How long a lease outlives its last renewal: long enough for a stalled archive to recover without losing it.</summary>
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromSeconds(30);

    private readonly IRolloutArchive _archive;
    private readonly CampaignLeaseClaim _claim;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;

    private CampaignLease(IRolloutArchive archive, CampaignLeaseHolder holder, CampaignLeaseClaim claim, TimeProvider time)
    {
        _archive = archive;
        Holder = holder;
        _claim = claim;
        _time = time;
        _heartbeat = Task.Run(BeatAsync);
    }

    /// <summary>This process's holding: host, pid, since.</summary>
    public CampaignLeaseHolder Holder { get; }

    /// <summary>Cancelled when the lease was lost: another process took it over, or it could not be renewed before it expired.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Why the lease was lost, once it was.</summary>
    public string? LostReason { get; private set; }

    /// <summary>Set when the lease could not be released at the end (the archive failing): it then expires by itself.</summary>
    public Exception? ReleaseFailure { get; private set; }

    /// <summary>Takes the lease of <paramref name="campaignId"/> for this process, or throws <see cref="CampaignLeaseHeldException"/>.</summary>
    public static async Task<CampaignLease> AcquireAsync(
        IRolloutArchive archive, string campaignId, TimeProvider time, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(time);
        var ttl = timeToLive ?? DefaultTimeToLive;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(timeToLive));
        var claim = new CampaignLeaseClaim(Environment.MachineName, Environment.ProcessId, Guid.NewGuid().ToString("N"), ttl);
        var holder = await archive.TakeLeaseAsync(campaignId, claim, null, cancellationToken).ConfigureAwait(false);
        if (holder.Token != claim.Token && IsGone(holder))
        {
            // Replaces only that dead holder's row: if a third process took it meanwhile, this fails as it should.
            holder = await archive.TakeLeaseAsync(campaignId, claim, holder.Token, cancellationToken).ConfigureAwait(false);
        }

        return holder.Token == claim.Token ? new CampaignLease(archive, holder, claim, time) : throw new CampaignLeaseHeldException(holder);
    }

    /// <summary>Stops the heartbeat and gives the lease up (unless it was lost). Waits at most a few seconds for the
    /// archive: a process stopping while another connection holds the write lock must not wait for it (the lease then
    /// expires by itself, and a resume on this host takes it over at once since this process is gone).</summary>
    public async ValueTask DisposeAsync()
    {
        var patience = TimeSpan.FromSeconds(2);
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _heartbeat.WaitAsync(patience).ConfigureAwait(false);
            if (!_lost.IsCancellationRequested)
            {
                await _archive.ReleaseLeaseAsync(Holder.CampaignId, _claim.Token, CancellationToken.None).WaitAsync(patience).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is DbException or IOException or InvalidOperationException or OperationCanceledException or TimeoutException)
        {
            // The archive is failing or busy (what stopped the run, reported there).
            ReleaseFailure = ex;
        }

        if (_heartbeat.IsCompleted)
        {
            // Otherwise the heartbeat, stuck in the archive, may still read them; the process is ending anyway.
            _stop.Dispose();
            _lost.Dispose();
        }
    }

    /// <summary>True while <paramref name="holder"/> can still be running its campaign: its lease has not expired and, on
    /// this host, its process still exists.</summary>
    public static bool IsAlive(CampaignLeaseHolder holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        return !holder.Expired && !IsGone(holder);
    }

    /// <summary>A holder on this host whose process no longer exists cannot renew: its lease is stale now, not in 30 s.</summary>
    private static bool IsGone(CampaignLeaseHolder holder)
    {
        if (holder.Host != Environment.MachineName || holder.Pid == Environment.ProcessId)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(holder.Pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private async Task BeatAsync()
    {
        var interval = _claim.TimeToLive / 3;
        var renewed = _time.GetTimestamp();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                if (!await _archive.RenewLeaseAsync(Holder.CampaignId, _claim.Token, _claim.TimeToLive, _stop.Token).ConfigureAwait(false))
                {
                    Lose("another process took the campaign over (this one could not renew its lease in time)");
                    return;
                }

                renewed = _time.GetTimestamp();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbException or IOException or InvalidOperationException)
            {
                // A transient archive fault: keep trying while the lease is still ours by the last renewal.
                if (_time.GetElapsedTime(renewed) >= _claim.TimeToLive)
                {
                    Lose($"its lease could not be renewed for {_claim.TimeToLive.TotalSeconds:F0} s ({ex.Message})");
                    return;
                }
            }
        }
    }

    private void Lose(string reason)
    {
        LostReason = reason;
        _lost.Cancel();
    }
}
