using System.Text.Json.Serialization;

namespace Assay.Cluster;

/// <summary>Source-generated JSON for what crosses NATS.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlotChunk))]
[JsonSerializable(typeof(RateWindow))]
[JsonSerializable(typeof(BackOffEpoch))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;
