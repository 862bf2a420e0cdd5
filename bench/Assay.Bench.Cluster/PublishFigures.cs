using System.Globalization;

namespace Assay.Bench.Cluster;

/// <summary>What planning a large campaign and publishing its first window of chunks costs the coordinator, before any
/// worker takes a chunk.</summary>
internal sealed record PublishFigures(long Slots, long Chunks, long Bytes, double Seconds, double PeakMegabytes, double LoadBefore, double LoadAfter)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"coordinator, no workers: {Slots:N0} slots planned, its window of {Chunks:N0} chunks ({Bytes / 1e6:N1} MB) published {Seconds:F1} s " +
        $"from its start, nothing more in 2 s; its peak resident memory {PeakMegabytes:N0} MB; load average {LoadBefore:F1} → {LoadAfter:F1}");
}
