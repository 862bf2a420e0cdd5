"""The strict encoding of plain values that crosses the pipe between judge and candidate.

Only None, bool, int, float (nan and inf included), str, bytes, list, tuple, dict, set and frozenset,
nested, are encoded; the decoder rebuilds them as exactly those built-in types, so nothing a candidate
sends can run code in the judge (no __eq__, __hash__ or __del__ of the candidate's making exists there).
Frames are u32 length + body; the decoder bounds a frame's size and a value's depth, and whatever it
cannot parse is a ProtocolError: the candidate's failure, never the judge's.

Tags: N None, T True, F False, I int (u32 byte count + little-endian two's complement), D float (IEEE 754
double), S str (u32 + UTF-8, lone surrogates passed through), B bytes (u32 + raw), L list, U tuple,
E set, Z frozenset (u32 count + items), M dict (u32 count + key, value pairs).
"""

import struct

MAX_FRAME_BYTES = 16 << 20
MAX_DEPTH = 100
U32 = struct.Struct("<I")
F64 = struct.Struct("<d")


class ProtocolError(Exception):
    """Bytes that are not a well-formed frame of plain values."""


class NotPlainError(TypeError):
    """A value that is not made only of the plain built-in types."""


def encode(value):
    out = bytearray()
    _encode(value, out, 0)
    return bytes(out)


def _encode(value, out, depth, _type=type, _len=len):
    if depth > MAX_DEPTH:
        raise NotPlainError(f"value nested deeper than {MAX_DEPTH} levels (or cyclic)")
    kind = _type(value)
    if value is None:
        out += b"N"
    elif kind is bool:
        out += b"T" if value else b"F"
    elif kind is int:
        data = value.to_bytes((value.bit_length() + 8) // 8, "little", signed=True)
        out += b"I" + U32.pack(_len(data)) + data
    elif kind is float:
        out += b"D" + F64.pack(value)
    elif kind is str:
        data = value.encode("utf-8", "surrogatepass")
        out += b"S" + U32.pack(_len(data)) + data
    elif kind is bytes:
        out += b"B" + U32.pack(_len(value)) + value
    elif kind is list or kind is tuple or kind is set or kind is frozenset:
        out += _CONTAINER_TAGS[kind] + U32.pack(_len(value))
        for item in value:
            _encode(item, out, depth + 1)
    elif kind is dict:
        out += b"M" + U32.pack(_len(value))
        for key, item in value.items():
            _encode(key, out, depth + 1)
            _encode(item, out, depth + 1)
    else:
        raise NotPlainError(f"a {kind.__name__}, not a plain built-in value")
    if _len(out) > MAX_FRAME_BYTES:
        raise NotPlainError(f"value larger than {MAX_FRAME_BYTES >> 20} MiB encoded")


_CONTAINER_TAGS = {list: b"L", tuple: b"U", set: b"E", frozenset: b"Z"}


def decode(data):
    """Rebuilds the value in data (bytes), which must hold exactly one value."""
    reader = _Reader(data)
    value = reader.value(0)
    if reader.at != len(data):
        raise ProtocolError("trailing bytes after the value")
    return value


class _Reader:
    __slots__ = ("data", "at")

    def __init__(self, data):
        self.data = data
        self.at = 0

    def take(self, count):
        end = self.at + count
        if end > len(self.data):
            raise ProtocolError("value cut short")
        chunk = self.data[self.at:end]
        self.at = end
        return chunk

    def length(self):
        return U32.unpack(self.take(4))[0]

    def value(self, depth):
        if depth > MAX_DEPTH:
            raise ProtocolError(f"value nested deeper than {MAX_DEPTH} levels")
        tag = self.take(1)
        if tag == b"N":
            return None
        if tag == b"T":
            return True
        if tag == b"F":
            return False
        if tag == b"I":
            return int.from_bytes(self.take(self.length()), "little", signed=True)
        if tag == b"D":
            return F64.unpack(self.take(8))[0]
        if tag == b"S":
            try:
                return str(self.take(self.length()), "utf-8", "surrogatepass")
            except UnicodeDecodeError as error:
                raise ProtocolError(f"bad UTF-8 in a str: {error}") from None
        if tag == b"B":
            return bytes(self.take(self.length()))
        if tag in (b"L", b"U", b"E", b"Z"):
            count = self.length()
            if count > len(self.data) - self.at:
                raise ProtocolError("container longer than its frame")
            items = [self.value(depth + 1) for _ in range(count)]
            try:
                if tag == b"L":
                    return items
                if tag == b"U":
                    return tuple(items)
                return set(items) if tag == b"E" else frozenset(items)
            except TypeError as error:
                raise ProtocolError(f"unhashable set element: {error}") from None
        if tag == b"M":
            count = self.length()
            if count > len(self.data) - self.at:
                raise ProtocolError("dict longer than its frame")
            result = {}
            for _ in range(count):
                key = self.value(depth + 1)
                try:
                    result[key] = self.value(depth + 1)
                except TypeError as error:
                    raise ProtocolError(f"unhashable dict key: {error}") from None
            return result
        raise ProtocolError(f"unknown tag {tag!r}")


def write_frame(fd, body, _write=None):
    import os
    message = U32.pack(len(body)) + body
    view = memoryview(message)
    while view:
        view = view[os.write(fd, view):]


def read_frame(fd, read_exact):
    """Reads one frame with read_exact(fd, count) -> bytes (or None at end of input)."""
    header = read_exact(fd, 4)
    if header is None:
        return None
    size = U32.unpack(header)[0]
    if size > MAX_FRAME_BYTES:
        raise ProtocolError(f"frame of {size} bytes is past the {MAX_FRAME_BYTES >> 20} MiB bound")
    body = read_exact(fd, size)
    if body is None:
        raise ProtocolError("frame cut short")
    return body
