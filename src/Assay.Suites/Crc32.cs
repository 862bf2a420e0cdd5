namespace Assay.Suites;

/// <summary>The CRC-32 of gzip's trailer (ISO 3309, reflected polynomial 0xEDB88320), computed incrementally.</summary>
internal static class Crc32
{
    private static readonly uint[] s_table = CreateTable();

    /// <summary>Continues <paramref name="crc"/> (0 for the start) over <paramref name="bytes"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> bytes)
    {
        // Hot path (every decompressed byte of a suite or samples file): one table lookup a byte.
        crc = ~crc;
        foreach (var b in bytes)
        {
            crc = s_table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
