"""Frames of plain values over a pair of pipes, the only path between a judge and its candidate.

Hot path (one round trip per call the tests make): a frame is written with one write(2), and the reader asks for
up to 64 KiB at once, so a small frame costs one read(2), not two."""

import os

import plain_values


class ChannelClosed(Exception):
    """The other end closed its pipe (or died)."""


class Channel:
    __slots__ = ("read_fd", "write_fd", "pending")

    def __init__(self, read_fd, write_fd):
        self.read_fd = read_fd
        self.write_fd = write_fd
        self.pending = bytearray()

    def send(self, value):
        plain_values.write_frame(self.write_fd, plain_values.encode(value))

    def send_encoded(self, body):
        plain_values.write_frame(self.write_fd, body)

    def receive(self):
        """The next value, rebuilt from plain data; ChannelClosed at end of input, ProtocolError if garbled."""
        if not self.fill(4):
            if self.pending:
                raise plain_values.ProtocolError("frame cut short")
            raise ChannelClosed()
        size = plain_values.U32.unpack_from(self.pending)[0]
        if size > plain_values.MAX_FRAME_BYTES:
            raise plain_values.ProtocolError(f"frame of {size} bytes is past the {plain_values.MAX_FRAME_BYTES >> 20} MiB bound")
        if not self.fill(4 + size):
            raise plain_values.ProtocolError("frame cut short")
        body = bytes(self.pending[4:4 + size])
        del self.pending[:4 + size]
        return plain_values.decode(body)

    def fill(self, count):
        """Reads until at least count bytes are pending; False at end of input before that."""
        while len(self.pending) < count:
            try:
                chunk = os.read(self.read_fd, max(count - len(self.pending), 1 << 16))
            except BrokenPipeError:
                chunk = b""
            if not chunk:
                return False
            self.pending += chunk
        return True


def read_fields(view, count):
    """The count u32-length-prefixed UTF-8 fields that make a request part (SandboxWorker.Encode)."""
    fields = []
    at = 0
    for _ in range(count):
        (length,) = plain_values.U32.unpack_from(view, at)
        at += 4
        fields.append(str(view[at:at + length], "utf-8"))
        at += length
    if at != len(view):
        raise ValueError("request part has trailing bytes")
    return fields
