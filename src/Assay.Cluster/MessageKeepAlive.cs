using NATS.Client.JetStream;

namespace Assay.Cluster;

/// <summary>Tells JetStream a message is still being worked on, three times per ack wait, until disposed, so a slow
/// chunk or verification is not redelivered while its worker lives.</summary>
internal sealed class MessageKeepAlive : IAsyncDisposable
{
    private readonly CancellationTokenSource _held;
    private readonly Task _loop;

    public MessageKeepAlive(INatsJSMsg<byte[]> message, TimeSpan ackWait, TimeProvider time, CancellationToken abort)
    {
        _held = CancellationTokenSource.CreateLinkedTokenSource(abort);
        _loop = LoopAsync(message, ackWait / 3, time, _held.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _held.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _held.Dispose();
    }

    private static async Task LoopAsync(INatsJSMsg<byte[]> message, TimeSpan period, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await message.AckProgressAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The work is done.
        }
    }
}
