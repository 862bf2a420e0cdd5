"""The strict encoding of plain values that crosses the pipe between judge and candidate.

Only None, bool, int, float (nan and inf included), str, bytes, list, tuple, dict, set and frozenset, nested,
may cross. The bytes are CPython's marshal format (C, about 15x faster than a Python codec, and the per-call cost
is what a test with hundreds of calls pays); the receiver never trusts them: marshal.loads builds only built-in
objects and runs no code of the sender's, any failure to parse is a ProtocolError, and check() then accepts only
exactly the types above (no code object, complex, Ellipsis or anything else marshal knows), at most MAX_DEPTH
levels deep and at most one node per byte received (so shared references cannot make a small frame a huge value,
and a cycle is too deep). A judge that crashes on a malformed frame is replaced, and a crash that recurs with the
same candidate is that candidate's error (PythonSandbox), so even marshal's own robustness is not trusted.
Frames are u32 length + body; bodies are at most MAX_FRAME_BYTES.
"""

import marshal
import struct

MAX_FRAME_BYTES = 16 << 20
MAX_DEPTH = 100
U32 = struct.Struct("<I")
_SCALARS = frozenset((type(None), bool, int, float, str, bytes))
_CONTAINERS = frozenset((list, tuple, set, frozenset))


class ProtocolError(Exception):
    """Bytes that are not a well-formed frame of plain values."""


class NotPlainError(TypeError):
    """A value that is not made only of the plain built-in types."""


def check(value, max_nodes):
    """Raises NotPlainError unless value is plain data, all the way down (iterative: no recursion limit to hit)."""
    pending = [(value, 0)]
    nodes = 0
    while pending:
        item, depth = pending.pop()
        nodes += 1
        if nodes > max_nodes:
            raise NotPlainError(f"a value of more than {max_nodes} parts")
        kind = type(item)
        if kind in _SCALARS:
            continue
        if depth >= MAX_DEPTH:
            raise NotPlainError(f"a value nested deeper than {MAX_DEPTH} levels (or cyclic)")
        if kind in _CONTAINERS:
            pending.extend((child, depth + 1) for child in item)
        elif kind is dict:
            pending.extend((child, depth + 1) for child in item.keys())
            pending.extend((child, depth + 1) for child in item.values())
        else:
            raise NotPlainError(f"a {kind.__name__}, not a plain built-in value")


def encode(value):
    """The bytes of a plain value; NotPlainError if it is not one or is too large."""
    check(value, MAX_FRAME_BYTES)
    try:
        data = marshal.dumps(value, 4)
    except ValueError as error:
        raise NotPlainError(str(error)) from None
    if len(data) > MAX_FRAME_BYTES:
        raise NotPlainError(f"a value larger than {MAX_FRAME_BYTES >> 20} MiB encoded")
    return data


def decode(data):
    """Rebuilds the plain value in data, whatever the sender put there; ProtocolError if it is anything else."""
    try:
        value = marshal.loads(data)
    except Exception as error:  # EOFError, ValueError, TypeError, MemoryError: all mean "not a value"
        raise ProtocolError(f"not a value: {type(error).__name__}") from None
    try:
        check(value, len(data) + 1)
    except NotPlainError as error:
        raise ProtocolError(f"not plain data: {error}") from None
    return value


def write_frame(fd, body):
    import os
    view = memoryview(U32.pack(len(body)) + body)
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
