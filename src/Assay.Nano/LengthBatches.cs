namespace Assay.Nano;

/// <summary>
/// Training batches with little padding. Examples are drawn in a seeded shuffled order (reshuffled every epoch, so
/// each is seen once per epoch); every <c>window</c> batches' worth of them are sorted by length, cut into batches
/// and those batches handed out in a seeded random order. A batch then holds sequences of similar length and is
/// padded only to its own longest, instead of every batch paying for the longest example of the whole set.
/// </summary>
internal sealed class LengthBatches
{
    private readonly int[] _lengths;
    private readonly int _batchSize, _window;
    private readonly EpochOrder _order;
    private readonly Random _random;
    private readonly Queue<int[]> _ready = new();

    /// <param name="lengths">Length of each example.</param>
    /// <param name="batchSize">Examples per batch.</param>
    /// <param name="window">Batches sorted together; 1 gives plain random batches.</param>
    /// <param name="seed">Seeds both the example order and the batch order.</param>
    public LengthBatches(int[] lengths, int batchSize, int window, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfZero(lengths.Length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        (_lengths, _batchSize, _window) = (lengths, batchSize, window);
        _order = new EpochOrder(lengths.Length, seed);
        _random = new Random(unchecked((seed * 31) + 17));
    }

    /// <summary>The example indices of the next batch, shortest first.</summary>
    public int[] Next()
    {
        if (_ready.Count == 0)
            Refill();
        return _ready.Dequeue();
    }

    private void Refill()
    {
        var drawn = new int[_batchSize * _window];
        for (int i = 0; i < drawn.Length; i++)
            drawn[i] = _order.Next();
        // Stable order: by length, then by draw position, so equal seeds give equal batches.
        var positions = Enumerable.Range(0, drawn.Length).ToArray();
        Array.Sort(positions, (x, y) =>
        {
            int byLength = _lengths[drawn[x]].CompareTo(_lengths[drawn[y]]);
            return byLength != 0 ? byLength : x.CompareTo(y);
        });
        var batches = new int[_window][];
        for (int k = 0; k < _window; k++)
            batches[k] = positions[(k * _batchSize)..((k + 1) * _batchSize)].Select(p => drawn[p]).ToArray();
        _random.Shuffle(batches);
        foreach (var batch in batches)
            _ready.Enqueue(batch);
    }
}
