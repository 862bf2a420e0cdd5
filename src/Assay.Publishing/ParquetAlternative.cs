using System.Text.Json.Serialization;

namespace Assay.Publishing;

/// <summary>An alternative token at one position in <c>rollouts.parquet</c>.</summary>
public sealed class ParquetAlternative
{
    [JsonPropertyName("token")]
    public string Token { get; set; } = "";

    [JsonPropertyName("logprob")]
    public double Logprob { get; set; }
}
