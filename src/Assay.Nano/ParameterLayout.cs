namespace Assay.Nano;

/// <summary>Where every tensor of a model lives in its flat parameter (and gradient) array, in checkpoint order.</summary>
internal sealed class ParameterLayout
{
    private readonly List<ParameterTensor> _tensors = [];

    public ParameterLayout(NanoConfig config)
    {
        int c = config.Width;
        Wte = Add("wte", true, config.Vocabulary, c);
        Wpe = Add("wpe", true, config.Context, c);
        Blocks = new BlockOffsets[config.Layers];
        for (int l = 0; l < config.Layers; l++)
        {
            string p = $"h.{l}.";
            Blocks[l] = new BlockOffsets(
                Ln1Weight: Add(p + "ln_1.weight", false, c),
                Ln1Bias: Add(p + "ln_1.bias", false, c),
                QkvWeight: Add(p + "attn.c_attn.weight", true, c, 3 * c),
                QkvBias: Add(p + "attn.c_attn.bias", false, 3 * c),
                ProjWeight: Add(p + "attn.c_proj.weight", true, c, c),
                ProjBias: Add(p + "attn.c_proj.bias", false, c),
                Ln2Weight: Add(p + "ln_2.weight", false, c),
                Ln2Bias: Add(p + "ln_2.bias", false, c),
                FcWeight: Add(p + "mlp.c_fc.weight", true, c, 4 * c),
                FcBias: Add(p + "mlp.c_fc.bias", false, 4 * c),
                FcProjWeight: Add(p + "mlp.c_proj.weight", true, 4 * c, c),
                FcProjBias: Add(p + "mlp.c_proj.bias", false, c));
        }

        LnfWeight = Add("ln_f.weight", false, c);
        LnfBias = Add("ln_f.bias", false, c);
    }

    public int Wte { get; }

    public int Wpe { get; }

    public BlockOffsets[] Blocks { get; }

    public int LnfWeight { get; }

    public int LnfBias { get; }

    public int Count { get; private set; }

    public IReadOnlyList<ParameterTensor> Tensors => _tensors;

    private int Add(string name, bool decays, params int[] shape)
    {
        var tensor = new ParameterTensor(name, shape, Count, decays);
        _tensors.Add(tensor);
        Count += tensor.Length;
        return tensor.Offset;
    }
}
