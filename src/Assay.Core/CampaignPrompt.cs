namespace Assay.Core;

/// <summary>What a campaign adds to every request beyond the problem's prompt (<c>--system</c>, <c>--stop</c>), stored
/// with it so a resumed or retried rollout is asked exactly as the others were.</summary>
/// <param name="System">A system message sent before the prompt; null for none (nano ignores it).</param>
/// <param name="Stop">Stop sequences; empty for none.</param>
public sealed record CampaignPrompt(string? System, IReadOnlyList<string> Stop)
{
    /// <summary>No system message, no stop sequence.</summary>
    public static CampaignPrompt None { get; } = new(null, []);

    /// <summary>Equal when the system message and the stop sequences (in order) are.</summary>
    public bool Equals(CampaignPrompt? other) =>
        other is not null && string.Equals(System, other.System, StringComparison.Ordinal) && Stop.SequenceEqual(other.Stop, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(System, StringComparer.Ordinal);
        foreach (var stop in Stop)
        {
            hash.Add(stop, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
