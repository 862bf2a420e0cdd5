"""Measures what page faults and fork() cost on this machine: the numbers behind the verifier's speed.

    python3 -I -S bench/Assay.Bench.Verification/page_fault_cost.py
"""
import mmap
import os
import resource
import time

PAGES = 8192


def cpu_self():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def touch(memory, value):
    for offset in range(0, PAGES * 4096, 4096):
        memory[offset] = value


def report(label, seconds, count, unit="us", scale=1e6):
    os.write(1, f"{label:44s} {seconds / count * scale:8.2f} {unit}\n".encode())


def main():
    memory = mmap.mmap(-1, PAGES * 4096, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    start = cpu_self()
    touch(memory, 1)
    report("first touch of a page (CPU per fault)", cpu_self() - start, PAGES)
    pid = os.fork()
    if pid == 0:
        start = cpu_self()
        touch(memory, 2)
        report("copy-on-write after fork (CPU per fault)", cpu_self() - start, PAGES)
        os._exit(0)
    os.waitpid(pid, 0)
    start = cpu_self()
    touch(memory, 3)
    report("parent's first write after the child exited", cpu_self() - start, PAGES)
    start = cpu_self()
    touch(memory, 4)
    report("write to a writable, mapped page", cpu_self() - start, PAGES)

    forks = 200
    start_self, start_children = cpu_self(), cpu_children()
    for _ in range(forks):
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    report("fork + exit of this interpreter (CPU, both sides)",
           cpu_self() - start_self + cpu_children() - start_children, forks, "ms", 1e3)

    for processes in (1, 2):
        started = time.perf_counter()
        children = []
        for _ in range(processes):
            pid = os.fork()
            if pid == 0:
                fresh = mmap.mmap(-1, PAGES * 4096, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
                touch(fresh, 1)
                os._exit(0)
            children.append(pid)
        for pid in children:
            os.waitpid(pid, 0)
        report(f"{processes} process(es) faulting {PAGES} pages each (wall)", time.perf_counter() - started, 1, "s", 1)


main()
