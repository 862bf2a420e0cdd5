using System.Numerics.Tensors;
using Assay.Nano.Kernels;

namespace Assay.Nano;

/// <summary>
/// The activations of one training batch of B sequences × T positions, and the forward and backward passes over
/// them. Shapes: N = B·T rows, C = width, H = heads, V = vocabulary. Buffers are sized for the longest T the pass
/// was built for; each <see cref="Forward"/> may use a shorter T (a batch of short sequences costs only its length).
/// </summary>
internal sealed unsafe class BatchPass
{
    private readonly NanoModel _model;
    private readonly int _b, _maxTime, _c, _h, _v;
    private int _t, _n;
    private readonly int[] _inputs, _targets;
    private readonly float[] _weights;
    private float[]? _teacher, _teacherBuffer;
    private float _norm;

    // Forward activations, kept for the backward pass.
    private readonly PinnedFloats _encoded;                // [N,C] block 0's input
    private readonly LayerActivations[] _layers;
    private readonly PinnedFloats _lnf, _lnfMean, _lnfRstd; // [N,C], [N], [N]
    private readonly PinnedFloats _logits, _probs, _losses; // [N,V], [N,V], [N]

    // Gradient scratch, reused by every layer on the way down.
    private readonly PinnedFloats _dResidual, _dLn, _dQkv, _dAtty, _dFch, _dFchGelu, _dLogits, _lnScratch, _weightScratch;

    public BatchPass(NanoModel model, int batch, int time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(time);
        _model = model;
        var cfg = model.Config;
        if (time > cfg.Context)
            throw new ArgumentOutOfRangeException(nameof(time), time, $"The model's context is {cfg.Context} tokens.");
        (_b, _maxTime, _t, _c, _h, _v) = (batch, time, time, cfg.Width, cfg.Heads, cfg.Vocabulary);
        _n = batch * time;
        long n = _n, c = _c;
        _inputs = new int[_n];
        _targets = new int[_n];
        _weights = new float[_n];
        _encoded = new PinnedFloats(n * c);
        _layers = new LayerActivations[cfg.Layers];
        for (int l = 0; l < _layers.Length; l++)
            _layers[l] = new LayerActivations(batch, time, _c, _h);
        _lnf = new PinnedFloats(n * c);
        _lnfMean = new PinnedFloats(n);
        _lnfRstd = new PinnedFloats(n);
        _logits = new PinnedFloats(n * _v);
        _probs = new PinnedFloats(n * _v);
        _losses = new PinnedFloats(n);
        _dResidual = new PinnedFloats(n * c);
        _dLn = new PinnedFloats(n * c);
        _dQkv = new PinnedFloats(n * 3 * c);
        _dAtty = new PinnedFloats(n * c);
        _dFch = new PinnedFloats(n * 4 * c);
        _dFchGelu = new PinnedFloats(n * 4 * c);
        _dLogits = new PinnedFloats(n * _v);
        _lnScratch = new PinnedFloats(n * c);
        _weightScratch = new PinnedFloats(Math.Max(4 * c * c, c * _v));
    }

    public int Batch => _b;

    /// <summary>T of the last <see cref="Forward"/> (the longest T before the first).</summary>
    public int Time => _t;

    /// <summary>The longest T a batch may have.</summary>
    public int MaxTime => _maxTime;

    /// <summary>Logits of row r = b·T + t after <see cref="Forward"/>.</summary>
    public ReadOnlySpan<float> Logits(int row) => _logits.Span.Slice(row * _v, _v);

    /// <summary>
    /// Forward pass over inputs[N], N = B·T for any T up to <see cref="MaxTime"/>; with targets[N] and weights[N] it returns the weighted mean cross-entropy
    /// Σ w·loss / #(w ≠ 0) (0 when nothing counts), otherwise only the logits are computed. With teacher[N,V]
    /// (distillation) the loss is the weighted mean KL(teacher ‖ model) instead, and targets are not read.
    /// </summary>
    public float Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, ReadOnlySpan<float> weights, ReadOnlySpan<float> teacher = default)
    {
        if (inputs.Length == 0 || inputs.Length % _b != 0 || inputs.Length / _b > _maxTime)
            throw new ArgumentException($"Expected B={_b} × T input tokens with 1 ≤ T ≤ {_maxTime}, got {inputs.Length}.", nameof(inputs));
        _t = inputs.Length / _b;
        _n = inputs.Length;
        foreach (int token in inputs)
        {
            if ((uint)token >= (uint)_v)
                throw new ArgumentOutOfRangeException(nameof(inputs), token, $"Token ids must be below the vocabulary size {_v}.");
        }

        inputs.CopyTo(_inputs);
        _teacher = null;
        var p = _model.Layout;
        float* w = _model.Parameters.Pointer;
        long nc = (long)_n * _c;
        Embedding.Forward(_encoded.Pointer, _inputs, w + p.Wte, w + p.Wpe, _b, _t, _c);
        float* residual = _encoded.Pointer;
        for (int l = 0; l < _layers.Length; l++)
        {
            var o = p.Blocks[l];
            var a = _layers[l];
            // Attention half: res2 = residual + proj(attention(qkv(ln1(residual))))
            LayerNorm.Forward(a.Ln1.Pointer, a.Ln1Mean.Pointer, a.Ln1Rstd.Pointer, residual, w + o.Ln1Weight, w + o.Ln1Bias, _n, _c);
            Linear.Forward(a.Qkv.Pointer, a.Ln1.Pointer, w + o.QkvWeight, w + o.QkvBias, _n, _c, 3 * _c);
            Attention.Forward(a.Atty.Pointer, a.Att.Pointer, a.Qkv.Pointer, _b, _t, _c, _h);
            Linear.Forward(a.Residual2.Pointer, a.Atty.Pointer, w + o.ProjWeight, w + o.ProjBias, _n, _c, _c);
            AddInPlace(a.Residual2.Pointer, residual, nc);
            // MLP half: res3 = res2 + fcproj(gelu(fc(ln2(res2))))
            LayerNorm.Forward(a.Ln2.Pointer, a.Ln2Mean.Pointer, a.Ln2Rstd.Pointer, a.Residual2.Pointer, w + o.Ln2Weight, w + o.Ln2Bias, _n, _c);
            Linear.Forward(a.Fch.Pointer, a.Ln2.Pointer, w + o.FcWeight, w + o.FcBias, _n, _c, 4 * _c);
            Gelu.Forward(a.FchGelu.Pointer, a.Fch.Pointer, 4 * nc);
            Linear.Forward(a.Residual3.Pointer, a.FchGelu.Pointer, w + o.FcProjWeight, w + o.FcProjBias, _n, 4 * _c, _c);
            AddInPlace(a.Residual3.Pointer, a.Residual2.Pointer, nc);
            residual = a.Residual3.Pointer;
        }

        LayerNorm.Forward(_lnf.Pointer, _lnfMean.Pointer, _lnfRstd.Pointer, residual, w + p.LnfWeight, w + p.LnfBias, _n, _c);
        // Tied unembedding: logits[N,V] = lnf[N,C] · wteᵀ[C,V].
        Linear.Transpose(w + p.Wte, _weightScratch.Pointer, _v, _c);
        Linear.Forward(_logits.Pointer, _lnf.Pointer, _weightScratch.Pointer, null, _n, _c, _v);

        if (targets.IsEmpty)
            return 0f;
        if (targets.Length != _n || weights.Length != _n)
            throw new ArgumentException($"Expected {_n} targets and weights, got {targets.Length} and {weights.Length}.");
        targets.CopyTo(_targets);
        weights.CopyTo(_weights);
        int counted = 0;
        for (int r = 0; r < _n; r++)
        {
            if ((uint)_targets[r] >= (uint)_v)
                throw new ArgumentOutOfRangeException(nameof(targets), _targets[r], $"Token ids must be below the vocabulary size {_v}.");
            if (_weights[r] != 0)
                counted++;
        }

        _norm = Math.Max(1, counted);
        if (teacher.IsEmpty)
        {
            CrossEntropy.Forward(_probs.Pointer, _losses.Pointer, _logits.Pointer, _targets, _weights, _n, _v);
        }
        else
        {
            if (teacher.Length != _n * _v)
                throw new ArgumentException($"Expected teacher probabilities [{_n}, {_v}], got {teacher.Length} values.", nameof(teacher));
            _teacher = _teacherBuffer ??= new float[_b * _maxTime * _v];
            teacher.CopyTo(_teacher);
            CrossEntropy.ForwardSoft(_probs.Pointer, _losses.Pointer, _logits.Pointer, _teacher, _weights, _n, _v);
        }

        double loss = 0;
        for (int r = 0; r < _n; r++)
            loss += (double)_weights[r] * _losses.Array[r];
        return (float)(loss / _norm);
    }

    /// <summary>log p(target) of row r after a <see cref="Forward"/> with targets, for rows whose weight is not 0.</summary>
    public float TargetLogprob(int row) => -_losses.Array[row];

    /// <summary>
    /// Replaces the weights of the last <see cref="Forward"/> before <see cref="Backward"/>: the gradient becomes that of
    /// Σ_r w_r·(−log p(target_r)) / <paramref name="norm"/>. A policy-gradient objective sets, per token, w = −∂L/∂log p.
    /// </summary>
    public void Reweight(ReadOnlySpan<float> weights, float norm)
    {
        if (weights.Length != _n)
            throw new ArgumentException($"Expected {_n} weights, got {weights.Length}.", nameof(weights));
        if (_teacher is not null)
            throw new InvalidOperationException("A distillation pass cannot be reweighted as a policy gradient.");
        weights.CopyTo(_weights);
        _norm = norm;
    }

    /// <summary>Backward pass of the last <see cref="Forward"/> with targets; adds the gradients into <paramref name="grads"/>.</summary>
    public void Backward(PinnedFloats grads)
    {
        var p = _model.Layout;
        float* w = _model.Parameters.Pointer;
        float* g = grads.Pointer;
        long nc = (long)_n * _c;
        if (_teacher is null)
            CrossEntropy.Backward(_dLogits.Pointer, _probs.Pointer, _targets, _weights, _norm, _n, _v);
        else
            CrossEntropy.BackwardSoft(_dLogits.Pointer, _probs.Pointer, _teacher, _weights, _norm, _n, _v);
        // logits = lnf · wteᵀ: dlnf = dlogits · wte, dwte += dlogitsᵀ · lnf.
        Gemm.Multiply(_dLogits.Pointer, _v, 1, w + p.Wte, _c, _dLn.Pointer, _c, _n, _v, _c, accumulate: false);
        Gemm.Multiply(_dLogits.Pointer, 1, _v, _lnf.Pointer, _c, g + p.Wte, _c, _v, _n, _c, accumulate: true);
        _dResidual.Span[..(int)nc].Clear();
        float* last = _layers.Length > 0 ? _layers[^1].Residual3.Pointer : _encoded.Pointer;
        LayerNorm.Backward(_dResidual.Pointer, g + p.LnfWeight, g + p.LnfBias, _dLn.Pointer, last, w + p.LnfWeight,
            _lnfMean.Pointer, _lnfRstd.Pointer, _lnScratch.Pointer, _n, _c);

        // _dResidual holds the gradient of the current block's output, and becomes that of its input.
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            var o = p.Blocks[l];
            var a = _layers[l];
            float* input = l == 0 ? _encoded.Pointer : _layers[l - 1].Residual3.Pointer;
            float* ws = _weightScratch.Pointer;
            Linear.Backward(_dFchGelu.Pointer, g + o.FcProjWeight, g + o.FcProjBias, _dResidual.Pointer, a.FchGelu.Pointer, w + o.FcProjWeight, ws, _n, 4 * _c, _c);
            Gelu.Backward(_dFch.Pointer, a.Fch.Pointer, _dFchGelu.Pointer, 4 * nc);
            Linear.Backward(_dLn.Pointer, g + o.FcWeight, g + o.FcBias, _dFch.Pointer, a.Ln2.Pointer, w + o.FcWeight, ws, _n, _c, 4 * _c);
            LayerNorm.Backward(_dResidual.Pointer, g + o.Ln2Weight, g + o.Ln2Bias, _dLn.Pointer, a.Residual2.Pointer, w + o.Ln2Weight,
                a.Ln2Mean.Pointer, a.Ln2Rstd.Pointer, _lnScratch.Pointer, _n, _c);
            Linear.Backward(_dAtty.Pointer, g + o.ProjWeight, g + o.ProjBias, _dResidual.Pointer, a.Atty.Pointer, w + o.ProjWeight, ws, _n, _c, _c);
            Attention.Backward(_dQkv.Pointer, _dAtty.Pointer, a.Qkv.Pointer, a.Att.Pointer, _b, _t, _c, _h);
            Linear.Backward(_dLn.Pointer, g + o.QkvWeight, g + o.QkvBias, _dQkv.Pointer, a.Ln1.Pointer, w + o.QkvWeight, ws, _n, _c, 3 * _c);
            LayerNorm.Backward(_dResidual.Pointer, g + o.Ln1Weight, g + o.Ln1Bias, _dLn.Pointer, input, w + o.Ln1Weight,
                a.Ln1Mean.Pointer, a.Ln1Rstd.Pointer, _lnScratch.Pointer, _n, _c);
        }

        Embedding.Backward(g + p.Wte, g + p.Wpe, _dResidual.Pointer, _inputs, _b, _t, _c);
    }

    private static void AddInPlace(float* target, float* addend, long count) =>
        TensorPrimitives.Add(new ReadOnlySpan<float>(target, (int)count), new ReadOnlySpan<float>(addend, (int)count), new Span<float>(target, (int)count));
}
