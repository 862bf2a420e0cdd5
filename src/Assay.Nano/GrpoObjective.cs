namespace Assay.Nano;

/// <summary>
/// The GRPO objective of Shao et al. 2024 ("DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open
/// Language Models", arXiv:2402.03300, eq. 3 and 4), written as a loss to minimise. For a group of G samples oᵢ of one
/// prompt, with advantages Âᵢ (<see cref="GroupAdvantages"/>) and rᵢ,ₜ = π_θ(oᵢ,ₜ | q, oᵢ,&lt;ₜ) / π_old(oᵢ,ₜ | …):
/// <code>
/// L(θ) = −1/G Σᵢ 1/|oᵢ| Σₜ [ min(rᵢ,ₜ·Âᵢ, clip(rᵢ,ₜ, 1 − ε, 1 + ε)·Âᵢ) − β·D ]
/// D    = π_ref/π_θ − log(π_ref/π_θ) − 1     (per token; the unbiased, always-positive estimator of KL(π_θ ‖ π_ref))
/// </code>
/// π_old is the policy that sampled the group; π_ref the model before RL. Per token, the gradient with respect to
/// log π_θ is −Â·r where the unclipped term is the minimum (0 where clipping binds) plus β·(1 − π_ref/π_θ).
/// </summary>
/// <param name="ClipEpsilon">ε: how far the ratio may move before its gradient is cut.</param>
/// <param name="KlCoefficient">β: weight of the KL penalty to the reference policy (0: no reference needed).</param>
public sealed record GrpoObjective(double ClipEpsilon = 0.2, double KlCoefficient = 0.04)
{
    /// <summary>One token's term of L (before the 1/G and 1/|oᵢ| averages) and its derivative with respect to log π_θ.</summary>
    /// <param name="logp">log π_θ of the token.</param>
    /// <param name="logpOld">log π_old of the token.</param>
    /// <param name="logpRef">log π_ref of the token (ignored when β = 0).</param>
    /// <param name="advantage">Âᵢ of the token's sample.</param>
    public (double Loss, double Gradient) Token(double logp, double logpOld, double logpRef, double advantage)
    {
        double ratio = Math.Exp(logp - logpOld);
        double clipped = Math.Clamp(ratio, 1 - ClipEpsilon, 1 + ClipEpsilon);
        double unclippedTerm = ratio * advantage, clippedTerm = clipped * advantage;
        // d/dlogp of r·Â is r·Â; the clipped term is the minimum only where the clip binds, and is constant there.
        var (surrogate, dSurrogate) = unclippedTerm <= clippedTerm ? (unclippedTerm, unclippedTerm) : (clippedTerm, 0.0);
        double loss = -surrogate, gradient = -dSurrogate;
        if (KlCoefficient != 0)
        {
            double refRatio = Math.Exp(logpRef - logp);
            loss += KlCoefficient * (refRatio - (logpRef - logp) - 1);
            gradient += KlCoefficient * (1 - refRatio);
        }

        return (loss, gradient);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the field out of range.</summary>
    public void Validate()
    {
        if (!(ClipEpsilon is > 0 and < 1))
            throw new ArgumentException($"GrpoObjective.ClipEpsilon must lie in (0, 1), got {ClipEpsilon}.");
        if (!(KlCoefficient >= 0) || double.IsInfinity(KlCoefficient))
            throw new ArgumentException($"GrpoObjective.KlCoefficient must be a finite number ≥ 0, got {KlCoefficient}.");
    }
}
