namespace Assay.Nano.Tests;

/// <summary>Small configs that keep the suite fast.</summary>
internal static class TinyModels
{
    public static NanoConfig Text(int context = 48) => NanoConfig.ForText(layers: 2, width: 32, heads: 2, context: context);

    public static IReadOnlyList<TrainingExample> Arithmetic { get; } =
    [
        new("2+3=", "5"),
        new("7*6=", "42"),
        new("10-4=", "6"),
        new("9+9=", "18;then"),
    ];

    public static TrainingOptions Overfit(int steps = 150) => new()
    {
        BatchSize = 4,
        Steps = steps,
        LearningRate = 1e-2f,
        WarmupSteps = 10,
        WeightDecay = 0f,
        Seed = 11,
    };
}
