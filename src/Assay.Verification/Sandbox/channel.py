"""Frames of plain values over a pair of pipes, the only path between a judge and its candidate."""

import os

import plain_values


class ChannelClosed(Exception):
    """The other end closed its pipe (or died)."""


class Channel:
    __slots__ = ("read_fd", "write_fd")

    def __init__(self, read_fd, write_fd):
        self.read_fd = read_fd
        self.write_fd = write_fd

    def send(self, value):
        plain_values.write_frame(self.write_fd, plain_values.encode(value))

    def send_encoded(self, body):
        plain_values.write_frame(self.write_fd, body)

    def receive(self):
        """The next value, rebuilt from plain data; ChannelClosed at end of input, ProtocolError if garbled."""
        body = plain_values.read_frame(self.read_fd, _read_exact)
        if body is None:
            raise ChannelClosed()
        return plain_values.decode(body)


def _read_exact(fd, count):
    if count == 0:
        return b""
    chunks = []
    got = 0
    while got < count:
        try:
            chunk = os.read(fd, min(count - got, 1 << 20))
        except BrokenPipeError:
            chunk = b""
        if not chunk:
            if got == 0:
                return None
            raise plain_values.ProtocolError("frame cut short")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)
