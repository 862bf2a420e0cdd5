using System.IO.Compression;

namespace Assay.Testing;

/// <summary>A gzip file cut where a plain decompressor cannot tell: right after a sync flush, before the trailer.</summary>
public static class FlushCutGzip
{
    /// <summary>Gzip of <paramref name="head"/> then <paramref name="tail"/>, and the same bytes cut right after the sync
    /// flush that ends <paramref name="head"/>: a prefix that <see cref="GZipStream"/> reads to its end without an error.</summary>
    public static (byte[] Whole, byte[] CutAtFlush) Build(byte[] head, byte[] tail)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(tail);
        var output = new MemoryStream();
        long flushedAt;
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(head);
            gzip.Flush();
            flushedAt = output.Length;
            gzip.Write(tail);
        }

        var whole = output.ToArray();
        return (whole, whole[..(int)flushedAt]);
    }
}
