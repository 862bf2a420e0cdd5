namespace Assay.Service.Http;

/// <summary>The bounds every request is held to, whatever its route.</summary>
public static class ServerLimits
{
    /// <summary>
    /// The largest request body accepted: 1 MiB. nano's context is a few hundred characters at most, and no JSON the
    /// service reads comes near this; unbounded, 24 bodies of 25 MB were parsed and tokenized at once into 5.5 GB
    /// (bench/Assay.Bench.Service).
    /// </summary>
    public const long MaxRequestBodyBytes = 1 << 20;
}
