using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Assay.Core;

namespace Assay.Archive;

/// <summary>
/// A campaign's answered rollouts on local disk, so nothing the model service answered is lost when the archive cannot
/// take it (slow, down, full, gone) or the process dies: one append-only JSON Lines file per campaign in the runner's
/// state directory, for SQLite and PostgreSQL archives alike. Each rollout is written through to the operating system
/// before <see cref="AppendAsync"/> returns, so a process killed with SIGKILL loses none; the file is synced to the disk
/// every <see cref="SyncInterval"/>, which bounds what a power cut can lose. A resume replays the file into the archive
/// first (<see cref="ReplayAsync"/>: appending is idempotent on the rollout id), and the file is deleted once the archive
/// holds everything (<see cref="CompleteAsync"/>).
/// </summary>
public sealed class RolloutSpill : IAsyncDisposable
{
    /// <summary>How often the file is synced to the disk.</summary>
    public static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(200);

    private static readonly JsonSerializerOptions Json = new()
    {
        // Log-probabilities can be -Infinity.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly FileStream _file;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _syncLoop;
    private bool _dirty;
    private long _count;

    private RolloutSpill(string path, FileStream file)
    {
        Path = path;
        _file = file;
        _syncLoop = Task.Run(SyncLoopAsync);
    }

    /// <summary>The spill file.</summary>
    public string Path { get; }

    /// <summary>Rollouts appended by this process.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>The spill file of <paramref name="campaignId"/> in <paramref name="directory"/>.</summary>
    public static string PathFor(string directory, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(campaignId);
        // A campaign id is the user's --resume value; keep it to characters every file system takes.
        var safe = string.Concat(campaignId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        return System.IO.Path.Combine(directory, $"{safe}.jsonl");
    }

    /// <summary>Opens (creating) the spill file of a campaign for appending.</summary>
    public static RolloutSpill Open(string directory, string campaignId)
    {
        Directory.CreateDirectory(directory);
        var path = PathFor(directory, campaignId);
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
        return new RolloutSpill(path, file);
    }

    /// <summary>Reads the rollouts a spill file holds (none when there is no file). A last line cut short by a kill is
    /// left out; any other unreadable line is an error naming the file and line.</summary>
    public static async Task<IReadOnlyList<Rollout>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        var lines = text.Split('\n');
        var rollouts = new List<Rollout>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            try
            {
                rollouts.Add(JsonSerializer.Deserialize<Rollout>(lines[i], Json) ?? throw new JsonException("null"));
            }
            catch (JsonException) when (i == lines.Length - 1)
            {
                // The last line without its newline: the process died while writing it; its request was not counted as answered.
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"spill file {path}, line {i + 1}: not a rollout ({ex.Message})", ex);
            }
        }

        return rollouts;
    }

    /// <summary>Appends the rollouts the spill file of <paramref name="campaignId"/> holds to <paramref name="archive"/>
    /// (ids already archived are skipped), in batches; returns how many the file held.</summary>
    public static async Task<int> ReplayAsync(IRolloutArchive archive, string directory, string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var rollouts = (await ReadAsync(PathFor(directory, campaignId), cancellationToken).ConfigureAwait(false))
            .Where(r => r.CampaignId == campaignId).ToList();
        foreach (var batch in rollouts.Chunk(256))
        {
            await archive.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return rollouts.Count;
    }

    /// <summary>Writes <paramref name="rollout"/> through to the operating system: once this returns, a kill cannot lose it.</summary>
    public async Task AppendAsync(Rollout rollout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var line = JsonSerializer.SerializeToUtf8Bytes(rollout, Json);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            _file.WriteByte((byte)'\n');
            await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
            _dirty = true;
            Interlocked.Increment(ref _count);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes the spill file: call once the archive is known to hold every rollout in it.</summary>
    public async Task CompleteAsync()
    {
        await DisposeAsync().ConfigureAwait(false);
        File.Delete(Path);
    }

    /// <summary>Syncs and closes the file (it stays, for the resume to replay).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _syncLoop.ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _file.Flush(flushToDisk: true);
            await _file.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        _stop.Dispose();
    }

    private async Task SyncLoopAsync()
    {
        using var timer = new PeriodicTimer(SyncInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await _gate.WaitAsync(_stop.Token).ConfigureAwait(false);
                try
                {
                    if (_dirty)
                    {
                        _file.Flush(flushToDisk: true);
                        _dirty = false;
                    }
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the final sync is DisposeAsync's.
        }
    }
}
