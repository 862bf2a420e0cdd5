namespace Assay.Nano;

/// <summary>The shape of a nano model: a GPT-style decoder with tied unembedding, fp32.</summary>
/// <param name="Layers">Transformer blocks.</param>
/// <param name="Width">Residual stream width (C); a multiple of <paramref name="Heads"/>.</param>
/// <param name="Heads">Attention heads per block.</param>
/// <param name="Context">Longest sequence, in tokens (T).</param>
/// <param name="Vocabulary">Token ids; <see cref="NanoTokenizer.VocabularySize"/> for a model that reads text.</param>
public sealed record NanoConfig(int Layers, int Width, int Heads, int Context, int Vocabulary)
{
    /// <summary>A config that reads text through <see cref="NanoTokenizer"/>.</summary>
    public static NanoConfig ForText(int layers, int width, int heads, int context) =>
        new(layers, width, heads, context, NanoTokenizer.VocabularySize);

    /// <summary>Width of one attention head.</summary>
    public int HeadSize => Width / Heads;

    /// <summary>
    /// Parameters: wte V·C + wpe T·C + per layer (12C² + 13C) + final LayerNorm 2C. Training is charged
    /// 6·params·tokens FLOPs and sampling 2·params·tokens.
    /// </summary>
    public long ParameterCount =>
        ((long)Vocabulary * Width) + ((long)Context * Width) + (Layers * ((12L * Width * Width) + (13L * Width))) + (2L * Width);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is out of range.</summary>
    public void Validate()
    {
        if (Layers < 1)
            throw new ArgumentException($"NanoConfig.Layers must be at least 1, got {Layers}.");
        if (Heads < 1)
            throw new ArgumentException($"NanoConfig.Heads must be at least 1, got {Heads}.");
        if (Width < 1 || Width % Heads != 0)
            throw new ArgumentException($"NanoConfig.Width must be a positive multiple of Heads ({Heads}), got {Width}.");
        if (Context < 1)
            throw new ArgumentException($"NanoConfig.Context must be at least 1, got {Context}.");
        if (Vocabulary < 1)
            throw new ArgumentException($"NanoConfig.Vocabulary must be at least 1, got {Vocabulary}.");
        if (ParameterCount > int.MaxValue)
            throw new ArgumentException($"NanoConfig has {ParameterCount} parameters; nano holds at most {int.MaxValue}.");
    }
}
