namespace Assay.Testing;

/// <summary>A request as a loopback service saw it arrive.</summary>
/// <param name="At">When its handler started (wall clock).</param>
/// <param name="Sent">When its sender last checked its rate-limit permit, as the sender stamped it; null if not stamped.</param>
public sealed record RequestArrival(DateTimeOffset At, DateTimeOffset? Sent);
