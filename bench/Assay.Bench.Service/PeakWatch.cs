namespace Assay.Bench.Service;

/// <summary>The largest of a value sampled every 50 ms, until disposed.</summary>
internal sealed class PeakWatch : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private double _peak;

    public PeakWatch(Func<double> sample)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _peak = Math.Max(_peak, sample());
                await Task.Delay(50).ConfigureAwait(false);
            }
        });
    }

    public double PeakMb => _peak;

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait();
        _stop.Dispose();
    }
}
