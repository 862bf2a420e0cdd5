namespace Assay.Nano;

/// <summary>One F32 tensor read from a safetensors file.</summary>
public sealed record SafetensorsTensor(string Name, IReadOnlyList<int> Shape, float[] Data);
