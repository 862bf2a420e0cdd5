namespace Assay.Core;

/// <summary>
/// The one rule for what a rollout that says nothing about the model is, and how its reasons are grouped: the end of a
/// run and every report count failures by <see cref="ReasonOf"/>.
/// </summary>
public static class RolloutFailures
{
    /// <summary>Longest reason kept: details past it differ in parts (ids, addresses) that would split one cause into many.</summary>
    public const int ReasonLength = 120;

    /// <summary>True for a verdict that is not a sample of the model: an infrastructure failure or a refused request.
    /// Such rollouts are left out of pass@k's n.</summary>
    public static bool IsNotASample(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return verdict.Status is VerdictStatus.Infrastructure or VerdictStatus.Refused;
    }

    /// <summary>The verdict's detail as a grouping key: one line, at most <see cref="ReasonLength"/> characters.</summary>
    public static string ReasonOf(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var line = string.Join(' ', verdict.Detail.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= ReasonLength ? line : line[..ReasonLength] + "…";
    }
}
