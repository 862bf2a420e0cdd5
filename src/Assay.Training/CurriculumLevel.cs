namespace Assay.Training;

/// <summary>How many training examples one (generator kind, difficulty) contributes to the base model's data.</summary>
public sealed record CurriculumLevel(string Kind, int Difficulty, int Examples);
