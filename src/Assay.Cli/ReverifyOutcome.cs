using Assay.Core;
using Assay.Rollouts;

namespace Assay.Cli;

/// <summary>What <c>assay reverify</c> found for one campaign.</summary>
/// <param name="Campaign">The campaign.</param>
/// <param name="Suite">The suite its problems were taken from.</param>
/// <param name="Rescored">Every rescorable rollout with today's verdict, in archive order.</param>
/// <param name="Skipped">Rollouts archived as infrastructure failures: no verdict to check.</param>
internal sealed record ReverifyOutcome(Campaign Campaign, string Suite, IReadOnlyList<Rescored> Rescored, int Skipped)
{
    public IReadOnlyList<Rescored> Changes => [.. Rescored.Where(r => r.Changed)];

    /// <summary>How many rollouts went from each archived status to each new one, unchanged ones included.</summary>
    public IReadOnlyList<(VerdictStatus From, VerdictStatus To, int Count)> Transitions => [.. Rescored
        .GroupBy(r => (From: r.Rollout.Verdict.Status, To: r.Verdict.Status))
        .OrderBy(g => g.Key.From != g.Key.To)
        .ThenBy(g => g.Key.From)
        .ThenBy(g => g.Key.To)
        .Select(g => (g.Key.From, g.Key.To, g.Count()))];
}
