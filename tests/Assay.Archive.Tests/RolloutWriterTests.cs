using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Assay.Archive.Tests;

public sealed class RolloutWriterTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("assay-writer-");
    private RecordingArchive _archive = null!;

    public async Task InitializeAsync() =>
        _archive = new RecordingArchive(await SqliteRolloutArchive.OpenAsync(Path.Combine(_directory.FullName, "assay.db")));

    public async Task DisposeAsync()
    {
        await _archive.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task A_full_batch_is_written_without_waiting_for_the_interval()
    {
        // The fake clock never advances, so only the batch size can trigger these writes.
        var clock = new FakeTimeProvider();
        await using var writer = new RolloutWriter(_archive, new RolloutWriterOptions(BatchSize: 10), clock);

        for (var i = 0; i < 25; i++)
        {
            await writer.WriteAsync(SampleRollouts.Rollout("c1", "p", i));
        }

        await WaitUntilAsync(() => writer.Written == 20);
        Assert.Equal([10, 10], _archive.Batches);
        Assert.Equal(20, (await _archive.GetRolloutIdsAsync("c1")).Count);
    }

    [Fact]
    public async Task A_partial_batch_is_written_when_the_interval_passes()
    {
        var clock = new FakeTimeProvider();
        await using var writer = new RolloutWriter(_archive, new RolloutWriterOptions(BatchSize: 100, FlushInterval: TimeSpan.FromSeconds(1)), clock);
        await writer.WriteAsync(SampleRollouts.Rollout("c1", "p", 0));
        await writer.WriteAsync(SampleRollouts.Rollout("c1", "p", 1));

        await WaitUntilAsync(() => !_archive.Batches.IsEmpty, TimeSpan.FromMilliseconds(300));
        Assert.Empty(_archive.Batches); // still within the interval

        // The batch's deadline is set when the writer's loop takes the first rollout, which a busy machine may delay past
        // the wait above; the clock is moved until it fires, never more than the interval at a time.
        await WaitUntilAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return writer.Written == 2;
        });
        Assert.Equal([2], _archive.Batches);
    }

    [Fact]
    public async Task Flush_waits_until_everything_handed_over_is_stored()
    {
        await using var writer = new RolloutWriter(_archive, new RolloutWriterOptions(BatchSize: 1000, FlushInterval: TimeSpan.FromHours(1)));
        for (var i = 0; i < 7; i++)
        {
            await writer.WriteAsync(SampleRollouts.Rollout("c1", "p", i));
        }

        await writer.FlushAsync();

        Assert.Equal(7, (await _archive.GetRolloutIdsAsync("c1")).Count);
        Assert.Equal([7], _archive.Batches);
    }

    [Fact]
    public async Task Disposing_the_writer_stores_what_is_queued()
    {
        var writer = new RolloutWriter(_archive, new RolloutWriterOptions(BatchSize: 1000, FlushInterval: TimeSpan.FromHours(1)));
        for (var i = 0; i < 5; i++)
        {
            await writer.WriteAsync(SampleRollouts.Rollout("c1", "p", i));
        }

        await writer.DisposeAsync();

        Assert.Equal(5, (await _archive.GetRolloutIdsAsync("c1")).Count);
    }

    [Fact]
    public async Task Many_concurrent_producers_lose_nothing()
    {
        await using (var writer = new RolloutWriter(_archive, new RolloutWriterOptions(BatchSize: 64, FlushInterval: TimeSpan.FromMilliseconds(5), Capacity: 16)))
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(producer => Task.Run(async () =>
            {
                for (var i = 0; i < 200; i++)
                {
                    await writer.WriteAsync(SampleRollouts.Rollout("c1", $"p{producer}", i));
                }
            })));
        }

        Assert.Equal(1600, (await _archive.GetRolloutIdsAsync("c1")).Count);
        Assert.True(_archive.Batches.Count < 1600, "rollouts were batched");
    }

    [Fact]
    public async Task A_failing_archive_surfaces_at_the_next_flush_and_at_dispose()
    {
        var writer = new RolloutWriter(_archive, new RolloutWriterOptions(BatchSize: 1000, FlushInterval: TimeSpan.FromHours(1)));
        _archive.FailNextAppendWith = new IOException("disk full");
        await writer.WriteAsync(SampleRollouts.Rollout("c1", "p", 0));

        var flush = await Assert.ThrowsAsync<IOException>(() => writer.FlushAsync());
        Assert.Equal("disk full", flush.Message);
        var write = await Assert.ThrowsAsync<RolloutArchiveException>(async () => await writer.WriteAsync(SampleRollouts.Rollout("c1", "p", 1)));
        Assert.Contains("disk full", write.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RolloutArchiveException>(async () => await writer.DisposeAsync());
    }

    [Fact]
    public async Task A_busy_archive_is_retried_and_the_batch_stored_while_a_full_disk_stops_the_writer_naming_it()
    {
        var writer = new RolloutWriter(_archive, new RolloutWriterOptions(BatchSize: 1000, FlushInterval: TimeSpan.FromHours(1)));
        _archive.FailNextAppendWith = new Microsoft.Data.Sqlite.SqliteException("database is locked", 5);
        await writer.WriteAsync(SampleRollouts.Rollout("c1", "p", 0));
        await writer.FlushAsync();

        Assert.Equal((1, 1), (writer.Written, writer.Retries));

        _archive.FailNextAppendWith = new Microsoft.Data.Sqlite.SqliteException("database or disk is full", 13);
        await writer.WriteAsync(SampleRollouts.Rollout("c1", "p", 1));
        await Assert.ThrowsAnyAsync<Exception>(() => writer.FlushAsync());
        var failure = await Assert.ThrowsAsync<RolloutArchiveException>(async () => await writer.DisposeAsync());

        Assert.Equal("the disk is full (SQLITE_FULL)", failure.Message);
        Assert.Single(await _archive.GetRolloutIdsAsync("c1"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }
}
