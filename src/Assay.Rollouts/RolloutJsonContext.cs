using System.Text.Json.Serialization;

namespace Assay.Rollouts;

/// <summary>Source-generated JSON for what this project serialises on the hot path.</summary>
[JsonSerializable(typeof(RolloutRequest))]
internal sealed partial class RolloutJsonContext : JsonSerializerContext;
