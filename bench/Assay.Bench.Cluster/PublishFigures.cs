using System.Globalization;

namespace Assay.Bench.Cluster;

/// <summary>What planning and publishing a large campaign costs the coordinator, before any worker takes a chunk.</summary>
internal sealed record PublishFigures(long Slots, long Chunks, long Bytes, double Seconds, double PeakMegabytes, double LoadBefore, double LoadAfter)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"coordinator, no workers: {Slots:N0} slots planned and published as {Chunks:N0} chunks ({Bytes / 1e6:N0} MB) in {Seconds:F1} s " +
        $"({Chunks / Seconds:N0} chunks/s, from its start); its peak resident memory {PeakMegabytes:N0} MB; load average {LoadBefore:F1} → {LoadAfter:F1}");
}
