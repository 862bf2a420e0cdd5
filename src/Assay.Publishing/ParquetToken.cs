using System.Text.Json.Serialization;

namespace Assay.Publishing;

/// <summary>A generated token in <c>rollouts.parquet</c>: its text, log-probability and the top alternatives.</summary>
public sealed class ParquetToken
{
    [JsonPropertyName("token")]
    public string Token { get; set; } = "";

    [JsonPropertyName("logprob")]
    public double Logprob { get; set; }

    [JsonPropertyName("top")]
    public List<ParquetAlternative> Top { get; set; } = [];
}
