namespace Assay.Nano;

/// <summary>What one transformer block keeps from its forward pass for the backward pass (N = B·T rows).</summary>
internal sealed class LayerActivations
{
    public LayerActivations(int batch, int time, int width, int heads)
    {
        long n = (long)batch * time, c = width;
        Ln1 = new PinnedFloats(n * c);
        Ln1Mean = new PinnedFloats(n);
        Ln1Rstd = new PinnedFloats(n);
        Qkv = new PinnedFloats(n * 3 * c);
        Att = new PinnedFloats((long)batch * heads * time * time);
        Atty = new PinnedFloats(n * c);
        Residual2 = new PinnedFloats(n * c);
        Ln2 = new PinnedFloats(n * c);
        Ln2Mean = new PinnedFloats(n);
        Ln2Rstd = new PinnedFloats(n);
        Fch = new PinnedFloats(n * 4 * c);
        FchGelu = new PinnedFloats(n * 4 * c);
        Residual3 = new PinnedFloats(n * c);
    }

    public PinnedFloats Ln1 { get; }          // [N,C]

    public PinnedFloats Ln1Mean { get; }      // [N]

    public PinnedFloats Ln1Rstd { get; }      // [N]

    public PinnedFloats Qkv { get; }          // [N,3C]

    public PinnedFloats Att { get; }          // [B,H,T,T]

    public PinnedFloats Atty { get; }         // [N,C]

    public PinnedFloats Residual2 { get; }    // [N,C] residual after attention

    public PinnedFloats Ln2 { get; }          // [N,C]

    public PinnedFloats Ln2Mean { get; }      // [N]

    public PinnedFloats Ln2Rstd { get; }      // [N]

    public PinnedFloats Fch { get; }          // [N,4C]

    public PinnedFloats FchGelu { get; }      // [N,4C]

    public PinnedFloats Residual3 { get; }    // [N,C] block output
}
