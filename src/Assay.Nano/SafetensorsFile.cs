using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Assay.Nano;

/// <summary>
/// The safetensors format (Hugging Face), F32 only: an 8-byte little-endian header length n, n bytes of JSON
/// {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}} padded with
/// spaces to a multiple of 8, then the raw little-endian data, offsets relative to its start.
/// </summary>
public static class SafetensorsFile
{
    // The reference implementation refuses headers over 100 MB; so does this one.
    private const long MaxHeader = 100_000_000;

    /// <summary>Writes tensors in the given order, with string metadata.</summary>
    public static async Task WriteAsync(
        string path, IEnumerable<(string Name, IReadOnlyList<int> Shape, ReadOnlyMemory<float> Data)> tensors,
        IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is not null)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                    json.WriteString(key, value);
                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, shape, data) in list)
            {
                long count = shape.Aggregate(1L, (a, b) => a * b);
                if (count != data.Length)
                    throw new ArgumentException($"Tensor '{name}' has shape [{string.Join(", ", shape)}] but {data.Length} values.", nameof(tensors));
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in shape)
                    json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + (4 * count));
                json.WriteEndArray();
                json.WriteEndObject();
                offset += 4 * count;
            }

            json.WriteEndObject();
        }

        while (header.Length % 8 != 0)
            header.WriteByte((byte)' ');

        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var length = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, header.Length);
        await file.WriteAsync(length, cancellationToken).ConfigureAwait(false);
        await file.WriteAsync(header.GetBuffer().AsMemory(0, (int)header.Length), cancellationToken).ConfigureAwait(false);
        foreach (var (_, _, data) in list)
        {
            byte[] bytes = MemoryMarshal.AsBytes(data.Span).ToArray();
            if (!BitConverter.IsLittleEndian)
                ReverseEach4(bytes);
            await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads every tensor; a malformed, truncated or non-F32 file throws one clear message naming it.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed F32 safetensors file.</exception>
    public static async Task<IReadOnlyDictionary<string, SafetensorsTensor>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes.Length < 8)
            throw new InvalidDataException($"{path}: truncated: {bytes.Length} bytes, but a safetensors file starts with an 8-byte header length.");
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        if (headerLength <= 0 || headerLength > MaxHeader)
            throw new InvalidDataException($"{path}: header length {headerLength} is not plausible; this is not a safetensors file.");
        if (headerLength > bytes.Length - 8)
            throw new InvalidDataException($"{path}: truncated: the header says {headerLength} bytes of JSON but only {bytes.Length - 8} bytes follow.");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the header is not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: the header is not a JSON object.");
            var data = bytes.AsSpan(8 + (int)headerLength);
            var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.NameEquals("__metadata__"))
                    continue;
                tensors[entry.Name] = ReadTensor(path, entry, data);
            }

            return tensors;
        }
    }

    private static SafetensorsTensor ReadTensor(string path, JsonProperty entry, ReadOnlySpan<byte> data)
    {
        string name = entry.Name;
        var t = entry.Value;
        if (t.ValueKind != JsonValueKind.Object
            || !t.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
            || !t.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array
            || !t.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
        {
            throw new InvalidDataException($"{path}: tensor '{name}' needs \"dtype\", \"shape\" and a two-element \"data_offsets\".");
        }

        if (dtype.GetString() != "F32")
            throw new InvalidDataException($"{path}: tensor '{name}' has dtype {dtype.GetString()}; nano reads F32 only.");
        var shape = new List<int>();
        long count = 1;
        foreach (var d in shapeJson.EnumerateArray())
        {
            if (!d.TryGetInt32(out int dim) || dim < 0)
                throw new InvalidDataException($"{path}: tensor '{name}' has a bad dimension {d} in its shape.");
            shape.Add(dim);
            count *= dim;
        }

        if (!offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            throw new InvalidDataException($"{path}: tensor '{name}' has bad data_offsets {offsets}.");
        if (end - begin != 4 * count)
            throw new InvalidDataException($"{path}: tensor '{name}' has shape [{string.Join(", ", shape)}] ({4 * count} bytes) but data_offsets span {end - begin} bytes.");
        if (end > data.Length)
            throw new InvalidDataException($"{path}: truncated: tensor '{name}' needs data bytes [{begin}, {end}) but the data section holds {data.Length}.");

        var values = new float[count];
        var slice = data[(int)begin..(int)end];
        if (BitConverter.IsLittleEndian)
            slice.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        else
        {
            for (int i = 0; i < values.Length; i++)
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(slice[(4 * i)..]);
        }

        return new SafetensorsTensor(name, shape, values);
    }

    private static void ReverseEach4(byte[] bytes)
    {
        for (int i = 0; i + 3 < bytes.Length; i += 4)
            Array.Reverse(bytes, i, 4);
    }
}
