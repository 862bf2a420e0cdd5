namespace Assay.Nano;

/// <summary>Indices 0..n−1 in a seeded random order, reshuffled (Fisher–Yates) at the start of every epoch.</summary>
internal sealed class EpochOrder(int count, int seed)
{
    private readonly Random _random = new(seed);
    private readonly int[] _order = Enumerable.Range(0, count).ToArray();
    private int _position = count;

    public int Next()
    {
        if (_position == _order.Length)
        {
            _random.Shuffle(_order);
            _position = 0;
        }

        return _order[_position++];
    }
}
