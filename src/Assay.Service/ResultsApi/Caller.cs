using Assay.Core;

namespace Assay.Service.ResultsApi;

/// <summary>Who is asking: the key they presented (null: none, the public tier) and its tier.</summary>
/// <param name="KeyId">The working key's id, <see cref="Caller.ModelKeyId"/> for the single model key, or null.</param>
/// <param name="Tier">What the caller may see.</param>
public sealed record Caller(string? KeyId, Tier Tier)
{
    /// <summary>The id audited for the single key given to the server for nano (from an environment variable or a file).</summary>
    public const string ModelKeyId = "model-key";

    /// <summary>A caller without a key.</summary>
    public static Caller Anonymous { get; } = new(null, Tier.Public);

    /// <summary>Whether the caller presented a working key.</summary>
    public bool HasKey => KeyId is not null;
}
