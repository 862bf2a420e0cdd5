namespace Assay.Verification.Tests;

/// <summary>Python module code a probe uses to make raw x86_64 syscalls: through <c>ctypes</c> when the candidate
/// has it, else by running a tiny static program built in memory (memfd + fexecve), which the seccomp filter
/// binds just the same.</summary>
internal static class RawSyscalls
{
    public const string Python = """


        def _elf(code):
            import struct
            base, start = 0x400000, 64 + 56
            header = struct.pack("<4sBBBBB7xHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0, 0, 2, 62, 1, base + start, 64, 0, 0,
                                 64, 56, 1, 0, 0, 0)
            segment = struct.pack("<IIQQQQQQ", 1, 5, 0, base, base, start + len(code), start + len(code), 0x1000)
            return header + segment + code


        def _write_and_exit(rsi, size):
            # write(1, rsi, size); exit(0)
            import struct
            return (b"\xb8\x01\x00\x00\x00\xbf\x01\x00\x00\x00" + rsi + b"\xba" + struct.pack("<i", size) + b"\x0f\x05"
                    + b"\xb8\x3c\x00\x00\x00\x31\xff\x0f\x05")


        def _run_elf(code, size):
            import os
            fd = os.memfd_create("probe", 0)
            os.write(fd, _elf(code))
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                try:
                    os.dup2(write, 1)
                    os.execve(fd, ["probe"], {})
                finally:
                    os._exit(127)
            os.close(write)
            os.close(fd)
            data = b""
            while len(data) < size:
                chunk = os.read(read, size - len(data))
                if not chunk:
                    break
                data += chunk
            os.close(read)
            os.waitpid(pid, 0)
            if len(data) != size:
                raise OSError("the probe program did not answer")
            return data


        def _raw_syscall(number, *args):
            "The raw return value (a negative errno on failure) and how the call was made."
            import struct
            try:
                import ctypes
                libc = ctypes.CDLL(None, use_errno=True)
                libc.syscall.restype = ctypes.c_long
                value = libc.syscall(ctypes.c_long(number), *[ctypes.c_long(a) for a in args])
                return (-ctypes.get_errno() if value == -1 else value), "ctypes"
            except (ImportError, OSError, AttributeError):
                pass
            code = b"\x48\xb8" + struct.pack("<q", number)
            registers = (b"\x48\xbf", b"\x48\xbe", b"\x48\xba", b"\x49\xba", b"\x49\xb8", b"\x49\xb9")
            for register, value in zip(registers, list(args) + [0] * 6):
                code += register + struct.pack("<q", value)
            code += b"\x0f\x05\x50" + _write_and_exit(b"\x48\x89\xe6", 8)  # syscall; push rax; rsi = rsp
            return struct.unpack("<q", _run_elf(code, 8))[0], "exec"


        def _errno_of(number, *args):
            value, _ = _raw_syscall(number, *args)
            return -value if -4096 < value < 0 else "succeeded"


        def _capabilities():
            "CapEff and NoNewPrivs, from /proc/self/status where it is mounted, else from capget and prctl."
            import os
            import struct
            view = {"proc_mounted": os.path.isdir("/proc/self")}
            try:
                with open("/proc/self/status") as file:
                    fields = dict(line.split(":", 1) for line in file.read().splitlines() if ":" in line)
                view.update(source="/proc/self/status", CapEff=int(fields["CapEff"], 16), NoNewPrivs=int(fields["NoNewPrivs"]))
                return view
            except OSError:
                pass
            try:
                import ctypes
                libc = ctypes.CDLL(None, use_errno=True)
                header = (ctypes.c_uint32 * 2)(0x20080522, 0)
                data = (ctypes.c_uint32 * 6)()
                if libc.syscall(125, header, data) != 0:
                    raise OSError(ctypes.get_errno(), "capget")
                view.update(source="ctypes", CapEff=data[0] | data[3] << 32, NoNewPrivs=libc.prctl(39, 0, 0, 0, 0))
                return view
            except (ImportError, AttributeError, OSError):
                pass
            # sub rsp, 64; header {0x20080522, pid 0} at rsp; capget(rsp, rsp + 16); result at rsp + 8; write 32 bytes
            code = (b"\x48\x83\xec\x40\xc7\x04\x24\x22\x05\x08\x20\xc7\x44\x24\x04\x00\x00\x00\x00\x48\x89\xe7"
                    b"\x48\x8d\x74\x24\x10\xb8\x7d\x00\x00\x00\x0f\x05\x48\x89\x44\x24\x08")
            result, e0, _, _, e1, _, _ = struct.unpack("<q6I", _run_elf(code + _write_and_exit(b"\x48\x8d\x74\x24\x08", 32), 32))
            if result != 0:
                raise OSError(-result, "capget")
            view.update(source="exec", CapEff=e0 | e1 << 32, NoNewPrivs=_raw_syscall(157, 39, 0, 0, 0, 0)[0])
            return view

        """;
}
