using System.Globalization;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Assay.Cluster;

/// <summary>Where a message that keeps killing the workers that take it goes (2.9 has no dead-letter queue of its own,
/// only an advisory): the worker that receives delivery <see cref="ClusterOptions.MaxDeliveries"/> + 1 copies it to
/// <see cref="ClusterNames.DeadStream"/> unrun, counts it in the campaign's state (the coordinator reports it), and
/// acknowledges it.</summary>
internal static class DeadLetters
{
    public static async Task MoveAsync(
        ClusterConnection cluster, INatsJSMsg<byte[]> message, string campaignId, int slots, long delivered, Action<string> log, string what)
    {
        var headers = new NatsHeaders { ["Assay-Deliveries"] = delivered.ToString(CultureInfo.InvariantCulture), ["Assay-From"] = message.Subject };
        var ack = await cluster.JetStream.PublishAsync(ClusterNames.DeadSubject(campaignId), message.Data, headers: headers,
            opts: new NatsJSPubOpts { MsgId = $"dead-{message.Subject}-{message.Metadata?.Sequence.Stream}" }).ConfigureAwait(false);
        ack.EnsureSuccess();
        var state = cluster.Campaign(campaignId);
        await state.AddAsync(SharedCampaignState.DeadChunks, 1, CancellationToken.None).ConfigureAwait(false);
        await state.AddAsync(SharedCampaignState.DeadSlots, slots, CancellationToken.None).ConfigureAwait(false);
        await message.AckAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        log(string.Create(CultureInfo.InvariantCulture, $"{what} of {campaignId} delivered {delivered} times: moved to {ClusterNames.DeadStream}"));
    }
}
