using System.Buffers;
using System.Text;

namespace Assay.Suites;

/// <summary>
/// Splits a stream into lines at <c>\n</c> (a trailing <c>\r</c> dropped) and decodes each line as strict UTF-8, so
/// an invalid byte is an error naming its line rather than a silent U+FFFD (what <see cref="StreamReader"/> does).
/// </summary>
internal static class Utf8Lines
{
    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Yields (1-based line number, text) for every line, the last one even without a final newline.</summary>
    public static IEnumerable<(int Number, string Text)> Read(Stream stream, string name)
    {
        var buffer = new byte[64 * 1024];
        var line = new ArrayBufferWriter<byte>();
        var number = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            var chunk = buffer.AsMemory(0, read);
            int newline;
            while ((newline = chunk.Span.IndexOf((byte)'\n')) >= 0)
            {
                line.Write(chunk.Span[..newline]);
                chunk = chunk[(newline + 1)..];
                number++;
                yield return (number, Decode(line.WrittenSpan, name, number));
                line.ResetWrittenCount();
            }

            line.Write(chunk.Span);
        }

        if (line.WrittenCount > 0)
        {
            number++;
            yield return (number, Decode(line.WrittenSpan, name, number));
        }
    }

    private static string Decode(ReadOnlySpan<byte> bytes, string name, int number)
    {
        if (number == 1 && bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        if (bytes.EndsWith("\r"u8))
        {
            bytes = bytes[..^1];
        }

        try
        {
            return s_strict.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var bad = ex.BytesUnknown is { Length: > 0 } unknown ? $"byte 0x{unknown[0]:X2}" : "a byte";
            throw SuiteFormatException.At(name, number, $"not valid UTF-8 ({bad} at byte {ex.Index + 1} of the line)", ex);
        }
    }
}
