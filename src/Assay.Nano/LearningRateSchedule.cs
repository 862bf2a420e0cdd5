namespace Assay.Nano;

/// <summary>
/// Linear warm-up to the peak over the first W steps, then cosine decay to min = ratio·peak at the last step:
/// lr(s) = peak·(s+1)/W for s &lt; W, else min + ½(peak − min)(1 + cos(π·(s − W)/(S − 1 − W))).
/// </summary>
public sealed record LearningRateSchedule(float Peak, int WarmupSteps, int TotalSteps, float MinRatio)
{
    /// <summary>The learning rate at 0-based step <paramref name="step"/>.</summary>
    public float At(int step)
    {
        if (step < WarmupSteps)
            return Peak * (step + 1) / WarmupSteps;
        int decaySteps = TotalSteps - 1 - WarmupSteps;
        double progress = decaySteps <= 0 ? 1 : Math.Min(1, (double)(step - WarmupSteps) / decaySteps);
        double min = Peak * MinRatio;
        return (float)(min + (0.5 * (Peak - min) * (1 + Math.Cos(Math.PI * progress))));
    }
}
