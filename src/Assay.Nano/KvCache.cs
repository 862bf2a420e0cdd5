using System.Numerics.Tensors;
using Assay.Nano.Kernels;

namespace Assay.Nano;

/// <summary>
/// The inference forward pass with a key/value cache: for each of S sequences (slots) and each layer, the keys and
/// values of every position seen so far, [S,T,C] each. A call runs R new rows, row r being token tokens[r] at
/// position positions[r] of slot slots[r], and attends to the cache, so generating a token costs one row.
/// </summary>
internal sealed unsafe class KvCache
{
    private readonly NanoModel _model;
    private readonly int _c, _h, _v, _t, _maxRows;
    private readonly PinnedFloats[] _keys, _values;                  // per layer [S,T,C]
    private readonly PinnedFloats _x, _ln, _qkv, _atty, _tmp, _fch, _fchGelu, _mean, _rstd, _wteT;

    public KvCache(NanoModel model, int slots, int maxRows)
    {
        _model = model;
        var cfg = model.Config;
        (_c, _h, _v, _t, _maxRows) = (cfg.Width, cfg.Heads, cfg.Vocabulary, cfg.Context, maxRows);
        Slots = slots;
        long cache = (long)slots * _t * _c, r = maxRows;
        _keys = new PinnedFloats[cfg.Layers];
        _values = new PinnedFloats[cfg.Layers];
        for (int l = 0; l < cfg.Layers; l++)
        {
            _keys[l] = new PinnedFloats(cache);
            _values[l] = new PinnedFloats(cache);
        }

        _x = new PinnedFloats(r * _c);
        _ln = new PinnedFloats(r * _c);
        _qkv = new PinnedFloats(r * 3 * _c);
        _atty = new PinnedFloats(r * _c);
        _tmp = new PinnedFloats(r * _c);
        _fch = new PinnedFloats(r * 4 * _c);
        _fchGelu = new PinnedFloats(r * 4 * _c);
        _mean = new PinnedFloats(r);
        _rstd = new PinnedFloats(r);
        // The tied unembedding read as B[C,V]; weights do not change while a cache is in use.
        _wteT = new PinnedFloats((long)_c * _v);
        RefreshWeights();
    }

    public int Slots { get; }

    /// <summary>Most rows one <see cref="Forward"/> call may run.</summary>
    public int MaxRows => _maxRows;

    /// <summary>The model whose weights this cache reads.</summary>
    public NanoModel Model => _model;

    /// <summary>Reads the model's unembedding again: a cache reused after training must not use the old weights.</summary>
    public void RefreshWeights() => Linear.Transpose(_model.Parameters.Pointer + _model.Layout.Wte, _wteT.Pointer, _v, _c);

    /// <summary>
    /// Runs rows (slot, position, token) through the model, writing their keys and values to the cache and their
    /// logits to logits[R,V]. A row at position p sees positions 0..p of its slot: earlier calls or earlier rows.
    /// </summary>
    public void Forward(ReadOnlySpan<int> slots, ReadOnlySpan<int> positions, ReadOnlySpan<int> tokens, Span<float> logits)
    {
        int rows = tokens.Length;
        if (rows > _maxRows || slots.Length != rows || positions.Length != rows || logits.Length < rows * _v)
            throw new ArgumentException($"Expected at most {_maxRows} rows with a slot, position and token each and room for their logits.");
        var p = _model.Layout;
        float* w = _model.Parameters.Pointer;
        for (int r = 0; r < rows; r++)
        {
            if ((uint)positions[r] >= (uint)_t || (uint)slots[r] >= (uint)Slots || (uint)tokens[r] >= (uint)_v)
                throw new ArgumentOutOfRangeException(nameof(positions), $"Row {r}: slot {slots[r]}, position {positions[r]}, token {tokens[r]} is out of range.");
            TensorPrimitives.Add(
                new ReadOnlySpan<float>(w + p.Wte + ((long)tokens[r] * _c), _c),
                new ReadOnlySpan<float>(w + p.Wpe + ((long)positions[r] * _c), _c),
                new Span<float>(_x.Pointer + ((long)r * _c), _c));
        }

        int rc = rows * _c;
        for (int l = 0; l < _keys.Length; l++)
        {
            var o = p.Blocks[l];
            LayerNorm.Forward(_ln.Pointer, _mean.Pointer, _rstd.Pointer, _x.Pointer, w + o.Ln1Weight, w + o.Ln1Bias, rows, _c);
            Linear.Forward(_qkv.Pointer, _ln.Pointer, w + o.QkvWeight, w + o.QkvBias, rows, _c, 3 * _c);
            for (int r = 0; r < rows; r++)
            {
                long at = (((long)slots[r] * _t) + positions[r]) * _c;
                new ReadOnlySpan<float>(_qkv.Pointer + ((long)r * 3 * _c) + _c, _c).CopyTo(_keys[l].Span.Slice((int)at, _c));
                new ReadOnlySpan<float>(_qkv.Pointer + ((long)r * 3 * _c) + (2 * _c), _c).CopyTo(_values[l].Span.Slice((int)at, _c));
            }

            Attend(l, slots, positions, rows);
            Linear.Forward(_tmp.Pointer, _atty.Pointer, w + o.ProjWeight, w + o.ProjBias, rows, _c, _c);
            TensorPrimitives.Add(_x.Span[..rc], _tmp.Span[..rc], _x.Span[..rc]);
            LayerNorm.Forward(_ln.Pointer, _mean.Pointer, _rstd.Pointer, _x.Pointer, w + o.Ln2Weight, w + o.Ln2Bias, rows, _c);
            Linear.Forward(_fch.Pointer, _ln.Pointer, w + o.FcWeight, w + o.FcBias, rows, _c, 4 * _c);
            Gelu.Forward(_fchGelu.Pointer, _fch.Pointer, 4L * rc);
            Linear.Forward(_tmp.Pointer, _fchGelu.Pointer, w + o.FcProjWeight, w + o.FcProjBias, rows, 4 * _c, _c);
            TensorPrimitives.Add(_x.Span[..rc], _tmp.Span[..rc], _x.Span[..rc]);
        }

        LayerNorm.Forward(_ln.Pointer, _mean.Pointer, _rstd.Pointer, _x.Pointer, w + p.LnfWeight, w + p.LnfBias, rows, _c);
        fixed (float* pl = logits)
            Linear.Forward(pl, _ln.Pointer, _wteT.Pointer, null, rows, _c, _v);

        // The kernels hold raw pointers into this cache's pinned arrays: without this, a cache its caller no longer
        // uses (NanoSampler.TokenProbabilities) may be collected, arrays and all, while the last GEMM still reads them.
        GC.KeepAlive(this);
    }

    /// <summary>Copies the first <paramref name="length"/> cached positions of one slot to another (shared prompt).</summary>
    public void CopySlot(int from, int to, int length)
    {
        for (int l = 0; l < _keys.Length; l++)
        {
            _keys[l].Span.Slice(from * _t * _c, length * _c).CopyTo(_keys[l].Span.Slice(to * _t * _c));
            _values[l].Span.Slice(from * _t * _c, length * _c).CopyTo(_values[l].Span.Slice(to * _t * _c));
        }
    }

    // atty[r, head] = Σ_t2≤p softmax(q·k_t2/√hs) v_t2 over the slot's cached keys and values.
    private void Attend(int layer, ReadOnlySpan<int> slots, ReadOnlySpan<int> positions, int rows)
    {
        int hs = _c / _h, heads = _h, c = _c, t = _t;
        float scale = 1f / MathF.Sqrt(hs);
        nint pq = (nint)_qkv.Pointer, pk = (nint)_keys[layer].Pointer, pv = (nint)_values[layer].Pointer, po = (nint)_atty.Pointer;
        int[] slotArray = slots.ToArray(), positionArray = positions.ToArray();
        NanoThreads.For(rows * heads, Math.Max(1, 4096 / Math.Max(1, t)), (start, end) =>
        {
            var scores = new float[t];
            for (int rh = start; rh < end; rh++)
            {
                int r = rh / heads, h = rh % heads;
                int pos = positionArray[r];
                float* k0 = (float*)pk + ((long)slotArray[r] * t * c) + (h * hs);
                float* v0 = (float*)pv + ((long)slotArray[r] * t * c) + (h * hs);
                float* q = (float*)pq + ((long)r * 3 * c) + (h * hs);
                for (int t2 = 0; t2 <= pos; t2++)
                    scores[t2] = VectorRow.Dot(q, k0 + ((long)t2 * c), hs);
                float* output = (float*)po + ((long)r * c) + (h * hs);
                new Span<float>(output, hs).Clear();
                fixed (float* row = scores)
                {
                    VectorRow.Softmax(row, pos + 1, scale);
                    for (int t2 = 0; t2 <= pos; t2++)
                        VectorRow.AddScaled(output, v0 + ((long)t2 * c), row[t2], hs);
                }
            }
        });
    }
}
