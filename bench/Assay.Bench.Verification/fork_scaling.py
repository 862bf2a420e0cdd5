"""Why a second sandbox worker adds little here: a minimal fork server, alone and then two at once.

Each server imports what the sandbox preloads, freezes its heap, then forks a child per "candidate"
that compiles and runs a small HumanEval-style program and exits. The script reports milliseconds per
candidate and the child's page faults, for one server and for two servers running at the same time
(pinned to different cores or not), and the throughput ratio of two servers to one; then the same for a
fresh `python3 -I -S` per candidate, whose page faults land in a new address space instead of
copy-on-write pages shared with a parent.

    python3 -I -S bench/Assay.Bench.Verification/fork_scaling.py [CANDIDATES]
"""
import gc
import os
import sys
import time

PROGRAM = """
def has_close_elements(numbers, threshold):
    for i, a in enumerate(numbers):
        for j, b in enumerate(numbers):
            if i != j and abs(a - b) < threshold:
                return True
    return False

def check(candidate):
    assert candidate([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3) == True
    assert candidate([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.05) == False

check(has_close_elements)
"""


def serve(count, cpu, out, fresh):
    """One server: `count` candidates in a row, each forked from this warm interpreter or, with `fresh`,
    a new `python3 -I -S`; writes 'seconds faults' to the pipe `out`."""
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    if fresh:
        faults = 0
        started = time.perf_counter()
        for _ in range(count):
            pid = os.posix_spawn(sys.executable, [sys.executable, "-I", "-S", "-c", PROGRAM], {})
            _, _, usage = os.wait4(pid, 0)
            faults += usage.ru_minflt
        os.write(out, f"{time.perf_counter() - started} {faults}".encode())
        os._exit(0)
    import collections, functools, itertools, math, re, string, typing  # noqa: F401,E401  as the sandbox preloads
    gc.collect()
    gc.freeze()
    faults = 0
    started = time.perf_counter()
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            exec(compile(PROGRAM, "<string>", "exec"), {})
            os._exit(0)
        _, _, usage = os.wait4(pid, 0)
        faults += usage.ru_minflt
    os.write(out, f"{time.perf_counter() - started} {faults}".encode())
    os._exit(0)


def run(servers, count, pin, fresh=False):
    pipes, started = [], time.perf_counter()
    for index in range(servers):
        read_end, write_end = os.pipe()
        if os.fork() == 0:
            os.close(read_end)
            serve(count, index if pin else None, write_end, fresh)
        os.close(write_end)
        pipes.append(read_end)
    results = []
    for read_end in pipes:
        seconds, faults = os.read(read_end, 100).split()
        results.append((float(seconds), int(faults)))
        os.close(read_end)
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break
    wall = time.perf_counter() - started
    per_candidate = sum(s for s, _ in results) / len(results) / count * 1e3
    faults = sum(f for _, f in results) / len(results) / count
    return servers * count / wall, per_candidate, faults


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    print(f"{os.cpu_count()} cores, {count} candidates per server")
    print(f"{'servers':28s} {'candidates/s':>12s} {'ms each':>8s} {'child faults':>13s}")
    rates = {}
    runs = (("1", 1, False, False), ("2 at once", 2, False, False), ("2 at once, pinned", 2, True, False),
            ("fresh python3, 1", 1, False, True), ("fresh python3, 2 at once", 2, False, True))
    for label, servers, pin, fresh in runs:
        rate, per_candidate, faults = run(servers, count, pin, fresh)
        rates[label] = rate
        print(f"{label:28s} {rate:12.1f} {per_candidate:8.2f} {faults:13.0f}")
    print(f"two servers give {rates['2 at once'] / rates['1']:.2f}x the throughput of one "
          f"({rates['2 at once, pinned'] / rates['1']:.2f}x pinned); two fresh-interpreter slots give "
          f"{rates['fresh python3, 2 at once'] / rates['fresh python3, 1']:.2f}x one")


main()
