namespace Assay.Nano;

/// <summary>One named tensor inside a model's flat parameter array.</summary>
/// <param name="Name">GPT-2's names: "wte", "h.0.attn.c_attn.weight", ...</param>
/// <param name="Shape">Dimensions; matmul weights are (in, out).</param>
/// <param name="Offset">First element in the flat array.</param>
/// <param name="Decays">Whether AdamW applies weight decay (matmul weights and embeddings, not biases or norms).</param>
public sealed record ParameterTensor(string Name, IReadOnlyList<int> Shape, int Offset, bool Decays)
{
    /// <summary>Elements in the tensor.</summary>
    public int Length => Shape.Aggregate(1, (a, b) => a * b);
}
