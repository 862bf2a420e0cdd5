using Assay.Core;

namespace Assay.Training;

/// <summary>One route of <c>assay economics</c>: its ledger and its pass@1-against-compute curve.</summary>
/// <param name="Name">leader (RL), sft or distill.</param>
/// <param name="Ledger">The run's rounds, round 0 the starting model.</param>
public sealed record EconomicsRoute(string Name, IReadOnlyList<LedgerEntry> Ledger)
{
    /// <summary>Compute spent up to and including each round (sampling + training + a live teacher's passes).</summary>
    public IReadOnlyList<double> CumulativeFlops
    {
        get
        {
            var sums = new double[Ledger.Count];
            double total = 0;
            for (int i = 0; i < sums.Length; i++)
                sums[i] = total += Ledger[i].TotalFlops;
            return sums;
        }
    }

    /// <summary>Held-out pass@1 of the route's last round.</summary>
    public double FinalPassAt1 => Ledger[^1].Evaluation.PassAt1;

    /// <summary>All the route's compute.</summary>
    public double TotalFlops => Ledger.Sum(e => e.TotalFlops);

    /// <summary>Of <see cref="TotalFlops"/>, a live teacher's forward passes.</summary>
    public double TeacherFlops => Ledger.Sum(e => e.TeacherFlops);

    /// <summary>The compute at the first round whose held-out pass@1 reached <paramref name="target"/>; null if none did.</summary>
    public double? FlopsToReach(double target)
    {
        var flops = CumulativeFlops;
        for (int i = 0; i < Ledger.Count; i++)
        {
            if (Ledger[i].Evaluation.PassAt1 >= target)
                return flops[i];
        }

        return null;
    }
}
