"""What one candidate and one call of the tests cost in the sandbox's worker, without C# around it: starts one worker
as SandboxLaunch.cs does (root: unshare with fresh namespaces, rlimits level, no cgroups) and times requests whose
test makes 10 and 1,000 calls. usage (as root): python3 -I -S bench/Assay.Bench.Verification/call_cost.py [RUNS]"""

import json
import os
import struct
import subprocess
import sys
import time

SANDBOX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../src/Assay.Verification/Sandbox")
MODULES = ["plain_values", "channel", "confinement", "candidate", "judge", "server"]
BOOT = open(os.path.join(SANDBOX, "bootstrap.py")).read()  # exactly what SandboxLaunch.cs passes to -c
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 100


def start():
    config = dict(index=0, mode="namespaces_rlimits", uid=100123, judge_uid=100124, separate_uids=True, cgroups=[],
                  memory_bytes=1 << 30, file_bytes=16 << 20, open_files=64, tmpfs_bytes=64 << 20, root="")
    worker = subprocess.Popen(["unshare", "--mount", "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child", "--",
                               sys.executable, "-I", "-S", "-B", "-c", BOOT], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    modules = [[name, open(os.path.join(SANDBOX, name + ".py")).read()] for name in MODULES]
    body = json.dumps(dict(modules=modules, config=config)).encode()
    worker.stdin.write(struct.pack("<I", len(body)) + body)
    worker.stdin.flush()
    worker.stdout.readline()
    return worker


def run(worker, completion, test):
    def fields(values):
        return b"".join(struct.pack("<I", len(v.encode())) + v.encode() for v in values)
    prompt = 'def double(x):\n    """Returns twice x."""\n'
    candidate, judge = fields([prompt, completion, "double"]), fields([prompt, test, "double", "double"])
    worker.stdin.write(b"ASY3" + struct.pack("<III", 3000, len(candidate), len(judge)) + candidate + judge)
    worker.stdin.flush()
    status, _, size = worker.stdout.readline().split()
    detail = worker.stdout.read(int(size))
    if status != b"0":
        raise SystemExit(f"not passed: {detail!r}")


worker = start()
per_run = {}
for calls in (10, 1000):
    test = f"def check(candidate):\n    for i in range({calls}):\n        assert candidate(i) == 2 * i\n"
    for _ in range(5):
        run(worker, "    return 2 * x\n", test)
    started = time.perf_counter()
    for _ in range(RUNS):
        run(worker, "    return 2 * x\n", test)
    per_run[calls] = (time.perf_counter() - started) / RUNS
    print(f"a candidate whose test makes {calls:5} calls: {per_run[calls] * 1e3:.2f} ms")
print(f"one call (judge -> candidate -> judge): {(per_run[1000] - per_run[10]) / 990 * 1e6:.1f} us")
worker.stdin.close()
worker.wait()
