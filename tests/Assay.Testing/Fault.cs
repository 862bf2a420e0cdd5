namespace Assay.Testing;

/// <summary>What <see cref="FaultInjectingProxy"/> does to one request.</summary>
/// <param name="Kind">The fault.</param>
/// <param name="RetryAfter">For <see cref="FaultKind.RateLimited"/>: the <c>Retry-After</c> sent, in whole seconds.</param>
public sealed record Fault(FaultKind Kind, int? RetryAfter = null)
{
    /// <summary>Forward the request untouched.</summary>
    public static Fault None { get; } = new(FaultKind.None);
}
