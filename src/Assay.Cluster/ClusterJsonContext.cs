using System.Text.Json.Serialization;

namespace Assay.Cluster;

/// <summary>Source-generated JSON for what crosses NATS (named floating-point literals: log-probabilities can be -Infinity).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(SlotChunk))]
[JsonSerializable(typeof(RateWindow))]
[JsonSerializable(typeof(BackOffEpoch))]
[JsonSerializable(typeof(BudgetLedger))]
[JsonSerializable(typeof(Assay.Core.Rollout))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;
