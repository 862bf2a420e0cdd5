using System.Globalization;

namespace Assay.Rollouts;

/// <summary>
/// When infrastructure failures stop a campaign: <see cref="Consecutive"/> in a row, or more than <see cref="Share"/> of
/// the rollouts this run attempted once at least <see cref="MinimumAttempted"/> were. Written
/// <c>20</c> (in a row), <c>5%</c> (share), <c>20,5%</c> (either) or <c>off</c>.
/// </summary>
/// <param name="Consecutive">Failures in a row that stop the run; null for no such limit.</param>
/// <param name="Share">Share of attempted rollouts in (0, 1] that stops the run; null for no such limit.</param>
/// <param name="MinimumAttempted">Attempts before the share is judged.</param>
public sealed record InfrastructureThreshold(int? Consecutive, double? Share, int MinimumAttempted = 20)
{
    /// <summary>20 in a row, or 5% of the attempted rollouts once at least 20 were.</summary>
    public static InfrastructureThreshold Default { get; } = new(20, 0.05);

    /// <summary>Never stops a run.</summary>
    public static InfrastructureThreshold Off { get; } = new(null, null);

    /// <summary>The syntax, for help texts.</summary>
    public const string Syntax = "N (failures in a row), P% (share of attempted rollouts, judged from 20 on), N,P% (either), or off";

    /// <summary>True when <paramref name="consecutive"/> failures in a row, or <paramref name="failures"/> of
    /// <paramref name="attempted"/>, pass the threshold.</summary>
    public bool IsPassed(int consecutive, int failures, int attempted) =>
        (Consecutive is { } n && consecutive >= n)
        || (Share is { } share && attempted >= MinimumAttempted && failures > share * attempted);

    /// <summary>Parses <see cref="Syntax"/>.</summary>
    /// <exception cref="FormatException">Not in the syntax.</exception>
    public static InfrastructureThreshold Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.Equals(text.Trim(), "off", StringComparison.OrdinalIgnoreCase))
        {
            return Off;
        }

        int? consecutive = null;
        double? share = null;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.EndsWith('%'))
            {
                if (share is not null || !double.TryParse(part[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || percent is <= 0 or > 100)
                {
                    throw new FormatException($"'{text}': expected {Syntax}; a share is a percentage in (0, 100]");
                }

                share = percent / 100;
            }
            else if (consecutive is null && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
            {
                consecutive = n;
            }
            else
            {
                throw new FormatException($"'{text}': expected {Syntax}");
            }
        }

        return new InfrastructureThreshold(consecutive, share);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        if (Consecutive is null && Share is null)
        {
            return "off";
        }

        var parts = new List<string>();
        if (Consecutive is { } n)
        {
            parts.Add(n.ToString(CultureInfo.InvariantCulture));
        }

        if (Share is { } share)
        {
            parts.Add((share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%");
        }

        return string.Join(',', parts);
    }
}
