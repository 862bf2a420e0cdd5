using System.Buffers.Binary;
using System.IO.Compression;

namespace Assay.Suites;

/// <summary>
/// Decompresses gzip and, at the end, checks the trailer: the CRC-32 and size (mod 2^32) of everything decompressed
/// must be the last 8 bytes of the input. <see cref="GZipStream"/> alone ends quietly at a flush boundary, so a file
/// cut short there would read as fewer lines. A file of several concatenated gzip members fails this check: only one
/// member is supported.
/// </summary>
internal sealed class CheckedGzipStream : Stream
{
    private const int MinimumLength = 18; // a 10-byte header and the 8-byte trailer

    private readonly GZipStream _gzip;
    private readonly string _name;
    private readonly uint _expectedCrc;
    private readonly uint _expectedSize;
    private uint _crc;
    private long _size;
    private bool _checked;

    /// <summary>Reads the trailer of <paramref name="compressed"/> (a seekable stream, owned from now on) and rewinds it.</summary>
    public CheckedGzipStream(Stream compressed, string name)
    {
        _name = name;
        if (!compressed.CanSeek)
        {
            var copy = new MemoryStream();
            compressed.CopyTo(copy);
            compressed.Dispose();
            compressed = copy;
        }

        if (compressed.Length is var length && length < MinimumLength)
        {
            compressed.Dispose();
            throw new SuiteFormatException($"{name}: corrupt gzip data ({length} bytes, shorter than a gzip header and trailer)");
        }

        Span<byte> trailer = stackalloc byte[8];
        compressed.Seek(-8, SeekOrigin.End);
        compressed.ReadExactly(trailer);
        compressed.Position = 0;
        _expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        _expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        _gzip = new GZipStream(compressed, CompressionMode.Decompress);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _size;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _gzip.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw new SuiteFormatException($"{_name}: corrupt gzip data ({ex.Message})", ex);
        }

        if (read > 0)
        {
            _crc = Crc32.Append(_crc, buffer[..read]);
            _size += read;
        }
        else if (buffer.Length > 0 && !_checked)
        {
            _checked = true;
            if (_crc != _expectedCrc || (uint)_size != _expectedSize)
            {
                throw new SuiteFormatException(
                    $"{_name}: gzip data cut short or corrupt: its last 8 bytes are not the CRC-32 and size of the {_size} bytes it decompresses to "
                    + "(a file of concatenated gzip members is refused too: recompress it as one)");
            }
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }
}
