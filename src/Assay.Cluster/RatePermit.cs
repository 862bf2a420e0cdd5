namespace Assay.Cluster;

/// <summary>
/// The rate-limit permits a request holds, carried along its call (an <see cref="AsyncLocal{T}"/>) from
/// <see cref="ClusterRateLimitingChatClient"/>, where they are leased, down to <see cref="RatePermitHandler"/>, where the
/// request leaves for the service: the SDK's own work in between (a process's first calls, still being compiled, took
/// longer than half a window on a loaded machine) must not carry a permit past its window.
/// </summary>
/// <param name="Expires">When the first of the permits expires.</param>
/// <param name="RenewAsync">Leases fresh permits (the expired ones are lost) and returns their expiry.</param>
public sealed record RatePermit(DateTimeOffset Expires, Func<CancellationToken, Task<DateTimeOffset>> RenewAsync)
{
    private static readonly AsyncLocal<RatePermit?> Held = new();

    /// <summary>The permits the current call holds, if any.</summary>
    public static RatePermit? Current
    {
        get => Held.Value;
        set => Held.Value = value;
    }
}
