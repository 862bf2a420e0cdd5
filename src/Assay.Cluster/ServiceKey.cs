using System.Security.Cryptography;
using System.Text;
using Assay.Rollouts;

namespace Assay.Cluster;

/// <summary>Names a model service in the limits bucket: limits belong to the service (scheme and endpoint), whichever
/// campaign or worker sends to it.</summary>
public static class ServiceKey
{
    /// <summary>A key-safe name, e.g. <c>openai-3f2a…</c>.</summary>
    public static string Of(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var endpoint = $"{spec.Scheme}\n{spec.BaseUrl?.AbsoluteUri ?? ""}";
        return $"{spec.Scheme}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(endpoint)).AsSpan(0, 8))}";
    }
}
