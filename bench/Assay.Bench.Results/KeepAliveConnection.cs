using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Assay.Bench.Results;

/// <summary>
/// One HTTP/1.1 keep-alive connection that sends requests built beforehand as bytes and reads each answer into a
/// reused buffer (Content-Length or chunked bodies). Written for the load generator's cost, not generality: a general
/// client (HttpClient) spends about as much CPU per request as the server it measures, on the same two cores.
/// </summary>
internal sealed class KeepAliveConnection : IDisposable
{
    private static readonly byte[] s_headEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] s_lineEnd = "\r\n"u8.ToArray();

    private readonly EndPoint _endpoint;
    private Socket _socket;
    private byte[] _buffer = new byte[64 * 1024];
    private byte[] _chunked = new byte[64 * 1024];
    private int _start;
    private int _end;

    private KeepAliveConnection(EndPoint endpoint, Socket socket)
    {
        _endpoint = endpoint;
        _socket = socket;
    }

    public static async Task<KeepAliveConnection> OpenAsync(EndPoint endpoint, CancellationToken cancellationToken) =>
        new(endpoint, await ConnectAsync(endpoint, cancellationToken));

    /// <summary>Sends <paramref name="request"/> and reads the answer: its status and body (valid until the next call).</summary>
    public async ValueTask<(int Status, ReadOnlyMemory<byte> Body)> ExchangeAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        await _socket.SendAsync(request, SocketFlags.None, cancellationToken);
        int headLength;
        while ((headLength = _buffer.AsSpan(_start, _end - _start).IndexOf(s_headEnd)) < 0)
        {
            await FillAsync(cancellationToken);
        }

        var (status, length, chunked, close) = ParseHead(_buffer.AsSpan(_start, headLength));
        _start += headLength + s_headEnd.Length;
        ReadOnlyMemory<byte> body = chunked ? await ReadChunkedAsync(cancellationToken) : await ReadExactlyAsync(length, cancellationToken);
        if (close)
        {
            await ReconnectAsync(cancellationToken);
        }

        return (status, body);
    }

    public void Dispose() => _socket.Dispose();

    // The status line and the three headers that say where the body ends, read without allocating.
    private static (int Status, int Length, bool Chunked, bool Close) ParseHead(ReadOnlySpan<byte> head)
    {
        var status = ((head[9] - '0') * 100) + ((head[10] - '0') * 10) + (head[11] - '0');
        var (length, chunked, close) = (0, false, false);
        var rest = head;
        while (rest.IndexOf(s_lineEnd) is var end and >= 0)
        {
            rest = rest[(end + s_lineEnd.Length)..];
            var line = rest.IndexOf(s_lineEnd) is var next and >= 0 ? rest[..next] : rest;
            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out length, out _))
                {
                    throw new InvalidDataException("The server sent a Content-Length that is not a number.");
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = value.IndexOf("chunked"u8) >= 0;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close = Ascii.EqualsIgnoreCase(value, "close"u8);
            }
        }

        return (status, length, chunked, close);
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadExactlyAsync(int length, CancellationToken cancellationToken)
    {
        while (_end - _start < length)
        {
            await FillAsync(cancellationToken);
        }

        var body = _buffer.AsMemory(_start, length);
        _start += length;
        return body;
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            int lineLength;
            while ((lineLength = _buffer.AsSpan(_start, _end - _start).IndexOf(s_lineEnd)) < 0)
            {
                await FillAsync(cancellationToken);
            }

            if (!Utf8Parser.TryParse(_buffer.AsSpan(_start, lineLength), out int size, out _, 'x'))
            {
                throw new InvalidDataException("The server sent a chunk size that is not hexadecimal.");
            }
            _start += lineLength + s_lineEnd.Length;
            // The chunk, then its CRLF (after the last, empty chunk: the CRLF that ends the trailers, none here).
            var chunk = await ReadExactlyAsync(size + s_lineEnd.Length, cancellationToken);
            if (size == 0)
            {
                return _chunked.AsMemory(0, total);
            }

            if (total + size > _chunked.Length)
            {
                Array.Resize(ref _chunked, Math.Max(2 * _chunked.Length, total + size));
            }

            chunk[..size].CopyTo(_chunked.AsMemory(total));
            total += size;
        }
    }

    // Moves unread bytes to the front (growing the buffer when it is full of them), then reads what the socket has.
    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, 2 * _buffer.Length);
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            throw new IOException("The server closed the connection in the middle of an answer.");
        }

        _end += read;
    }

    private async ValueTask ReconnectAsync(CancellationToken cancellationToken)
    {
        _socket.Dispose();
        _socket = await ConnectAsync(_endpoint, cancellationToken);
        _start = _end = 0;
    }

    private static async Task<Socket> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
