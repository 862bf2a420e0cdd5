"""What the sandbox's seccomp filter costs: the same syscall-heavy loop in a forked child without and with the filter
the candidates get (built by src/Assay.Verification/Sandbox/confinement.py with Debian's libseccomp), plus the
time to install it. usage: python3 -I -S bench/Assay.Bench.Verification/seccomp_cost.py [CALLS]"""

import ctypes
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../src/Assay.Verification/Sandbox"))
import confinement  # noqa: E402

CALLS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
libc = ctypes.CDLL(None, use_errno=True)


def child(with_filter, out):
    installed = 0.0
    if with_filter:
        program = confinement.build_seccomp_filter(True)
        buffer = ctypes.create_string_buffer(program, len(program))
        fprog = confinement._SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
        started = time.perf_counter()
        ulong = ctypes.c_ulong
        libc.prctl(confinement.PR_SET_NO_NEW_PRIVS, ulong(1), ulong(0), ulong(0), ulong(0))
        if libc.prctl(confinement.PR_SET_SECCOMP, ulong(confinement.SECCOMP_MODE_FILTER), ulong(ctypes.addressof(fprog)),
                      ulong(0), ulong(0)) != 0:
            raise OSError(ctypes.get_errno(), "seccomp")
        installed = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(CALLS):
        os.getppid()
    per_call = (time.perf_counter() - started) / CALLS
    os.write(out, f"{per_call * 1e9:.1f} {installed * 1e6:.1f}".encode())
    os._exit(0)


def measure(with_filter):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        child(with_filter, write_end)
    os.close(write_end)
    per_call, installed = map(float, os.read(read_end, 100).split())
    os.waitpid(pid, 0)
    return per_call, installed


rows = {False: [], True: []}
for _ in range(3):
    for with_filter in (False, True):
        rows[with_filter].append(measure(with_filter))
plain = min(r[0] for r in rows[False])
filtered = min(r[0] for r in rows[True])
install = min(r[1] for r in rows[True])
print(f"filter: {len(confinement.build_seccomp_filter(True)) // 8} BPF instructions")
print(f"os.getppid() without the filter: {plain:.1f} ns per call (best of 3, {CALLS} calls)")
print(f"os.getppid() with the filter:    {filtered:.1f} ns per call (+{filtered - plain:.1f} ns)")
print(f"installing the filter in a candidate: {install:.1f} us")
