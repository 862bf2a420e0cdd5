using System.Threading.Channels;
using Assay.Core;

namespace Assay.Archive;

/// <summary>
/// Writes each rollout soon after it is scored without one transaction per row: callers hand rollouts to a
/// channel, and one background loop appends them in batches of up to <see cref="RolloutWriterOptions.BatchSize"/>,
/// or whatever has arrived when <see cref="RolloutWriterOptions.FlushInterval"/> has passed since the oldest
/// unwritten one. <see cref="FlushAsync"/> waits until everything handed over so far is stored;
/// <see cref="DisposeAsync"/> flushes. If the archive fails, the failure is rethrown by the next
/// <see cref="WriteAsync"/>, <see cref="FlushAsync"/> or <see cref="DisposeAsync"/>, never swallowed; rollouts
/// of the failed batch are not stored, and a resumed campaign produces them again.
/// </summary>
public sealed class RolloutWriter : IAsyncDisposable
{
    private readonly IRolloutArchive _archive;
    private readonly RolloutWriterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<Item> _channel;
    private readonly Task _loop;
    private long _written;
    private long _retries;
    private volatile Exception? _failure;

    /// <summary>Starts the background loop writing to <paramref name="archive"/>.</summary>
    public RolloutWriter(IRolloutArchive archive, RolloutWriterOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        _archive = archive;
        _options = options ?? new RolloutWriterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Capacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.EffectiveFlushInterval, TimeSpan.Zero, nameof(options));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(_options.Capacity) { SingleReader = true });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Rollouts stored so far (including ids the archive already had, which it skipped).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Batches retried after a passing archive fault.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Hands a scored rollout over for writing; waits only when <see cref="RolloutWriterOptions.Capacity"/> are queued.</summary>
    public async ValueTask WriteAsync(Rollout rollout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ThrowIfFailed();
        await _channel.Writer.WriteAsync(new Item(rollout, null), cancellationToken);
    }

    /// <summary>Completes when every rollout handed over before this call is stored.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _channel.Writer.WriteAsync(new Item(null, flushed), cancellationToken);
        await flushed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes what is queued, stops the loop, and rethrows a failure of the archive if there was one.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop;
        ThrowIfFailed();
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new RolloutArchiveException(ArchiveFaults.Describe(failure), failure);
        }
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<Rollout>(_options.BatchSize);
        var flushes = new List<TaskCompletionSource>();
        Task<bool>? more = null;
        Task? deadline = null;
        CancellationTokenSource? deadlineCancel = null;

        // Writes the batch and answers the flushes waiting on it; the batch's deadline timer is no longer needed.
        async Task WriteAsync()
        {
            if (deadlineCancel is not null)
            {
                await deadlineCancel.CancelAsync();
                deadlineCancel.Dispose();
                deadlineCancel = null;
            }

            deadline = null;
            await WriteBatchAsync(batch, flushes);
        }

        try
        {
            while (true)
            {
                if (reader.TryRead(out var item))
                {
                    if (item.Flushed is { } flushed)
                    {
                        flushes.Add(flushed);
                        await WriteAsync();
                        continue;
                    }

                    batch.Add(item.Rollout!);
                    if (batch.Count == 1)
                    {
                        deadlineCancel = new CancellationTokenSource();
                        deadline = Task.Delay(_options.EffectiveFlushInterval, _timeProvider, deadlineCancel.Token);
                    }

                    if (batch.Count >= _options.BatchSize)
                    {
                        await WriteAsync();
                    }

                    continue;
                }

                // Nothing to read: wait for more, or for the oldest unwritten rollout's deadline.
                more ??= reader.WaitToReadAsync().AsTask();
                if (deadline is not null && await Task.WhenAny(more, deadline) == deadline)
                {
                    await WriteAsync();
                    continue;
                }

                var open = await more;
                more = null;
                if (!open)
                {
                    break;
                }
            }

            await WriteAsync();
        }
        catch (Exception ex)
        {
            _failure = ex;
            foreach (var flushed in flushes)
            {
                flushed.TrySetException(ex);
            }

            // Nothing more will be written: fail the flushes still queued, and refuse new rollouts.
            _channel.Writer.TryComplete(ex);
            while (reader.TryRead(out var left))
            {
                left.Flushed?.TrySetException(ex);
            }
        }
        finally
        {
            deadlineCancel?.Dispose();
        }
    }

    private async Task WriteBatchAsync(List<Rollout> batch, List<TaskCompletionSource> flushes)
    {
        if (batch.Count > 0)
        {
            await AppendWithRetriesAsync(batch.ToArray());
            Interlocked.Add(ref _written, batch.Count);
            batch.Clear();
        }

        foreach (var flushed in flushes)
        {
            flushed.TrySetResult();
        }

        flushes.Clear();
    }

    /// <summary>Appends a batch, retrying a passing fault (<see cref="ArchiveFaults.IsTransient"/>: a busy SQLite file, a
    /// PostgreSQL restart) with doubling pauses for up to <see cref="RolloutWriterOptions.RetryFor"/>; a lasting fault, or
    /// one still there after that, is the writer's failure.</summary>
    private async Task AppendWithRetriesAsync(Rollout[] batch)
    {
        var started = _timeProvider.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                await _archive.AppendAsync(batch, CancellationToken.None);
                return;
            }
            catch (Exception ex) when (ArchiveFaults.IsTransient(ex) && _timeProvider.GetElapsedTime(started) + pause < _options.RetryFor)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(pause, _timeProvider);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    /// <summary>Either a rollout to write or a flush request, in one channel so a flush sees everything before it.</summary>
    private readonly record struct Item(Rollout? Rollout, TaskCompletionSource? Flushed);
}
