using System.Text.Json.Nodes;

namespace Assay.Deploy.Tests;

/// <summary>
/// What KEDA's nats-jetstream scaler (kedacore/keda pkg/scalers/nats_jetstream_scaler.go, v2.20) sees: it asks the
/// monitoring endpoint for <c>/jsz?acc=ACCOUNT&amp;consumers=true&amp;config=true</c>, takes the account whose id or
/// name is the trigger's <c>account</c>, the stream named <c>stream</c>, the consumer named <c>consumer</c>, and
/// scales on that consumer's <c>num_pending + num_ack_pending</c>.
/// </summary>
internal static class KedaView
{
    /// <summary>The metadata keys the scaler reads; any other key is ignored by KEDA, so a misspelt one is a silent default.</summary>
    public static readonly string[] TriggerKeys =
        ["account", "accountID", "stream", "consumer", "lagThreshold", "activationLagThreshold", "useHttps", "natsServerMonitoringEndpoint"];

    /// <summary>The backlog the scaler would compute, or a line saying which of account, stream or consumer it would not find.</summary>
    public static async Task<(long? Backlog, string Missing)> BacklogAsync(int monitorPort, JsonObject trigger)
    {
        var account = (string)trigger["account"]!;
        using var http = new HttpClient();
        var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{monitorPort}/jsz?acc={Uri.EscapeDataString(account)}&consumers=true&config=true"));
        var accountDetail = JsonNode.Parse(body)!["account_details"]?.AsArray()
            .FirstOrDefault(a => (string?)a!["id"] == account || (string?)a!["name"] == account);
        if (accountDetail is null)
        {
            return (null, $"no account {account}");
        }

        var stream = accountDetail["stream_detail"]?.AsArray().FirstOrDefault(s => (string?)s!["name"] == (string)trigger["stream"]!);
        if (stream is null)
        {
            return (null, $"no stream {(string)trigger["stream"]!} in account {account}");
        }

        var consumer = stream["consumer_detail"]?.AsArray().FirstOrDefault(c => (string?)c!["name"] == (string)trigger["consumer"]!);
        return consumer is null
            ? (null, $"no consumer {(string)trigger["consumer"]!} on stream {(string)trigger["stream"]!}")
            : ((long)consumer["num_pending"]! + (long)consumer["num_ack_pending"]!, "");
    }
}
