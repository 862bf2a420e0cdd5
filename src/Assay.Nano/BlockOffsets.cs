namespace Assay.Nano;

/// <summary>Offsets of one transformer block's tensors.</summary>
internal readonly record struct BlockOffsets(
    int Ln1Weight, int Ln1Bias, int QkvWeight, int QkvBias, int ProjWeight, int ProjBias,
    int Ln2Weight, int Ln2Bias, int FcWeight, int FcBias, int FcProjWeight, int FcProjBias);
