"""What every sandboxed process is confined by: the read-only root, rlimits, dropped capabilities, no new
privileges and a seccomp filter. The server builds the root once per worker and the filters once; each
judge and candidate applies them to itself right after it is forked, before it runs anything it was sent."""

import ctypes
import os
import resource
import sys

MNT_DETACH = 2
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC = 1, 2, 4, 8, 32, 4096, 16384
MS_NOATIME, MS_NODIRATIME, MS_RELATIME, MS_STRICTATIME = 1024, 2048, 1 << 21, 1 << 24
CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC = 0x20000, 0x02000000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWTIME = 0x10000000, 0x20000000, 0x40000000, 0x80
CLONE_THREAD = 0x10000
NAMESPACE_FLAGS = (CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID,
                   CLONE_NEWNET, CLONE_NEWTIME)
PR_CAPBSET_DROP, PR_SET_SECUREBITS, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 28, 38, 47, 4
PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
# SECBIT_NOROOT (+ locked), KEEP_CAPS locked off, NO_CAP_AMBIENT_RAISE (+ locked): a uid 0 that execs a
# program gains no capability. NO_SETUID_FIXUP stays off, so setresuid to a non-zero uid clears them all.
SECUREBITS = 0x01 | 0x02 | 0x20 | 0x40 | 0x80
EPERM, EAGAIN, ENOSYS = 1, 11, 38
SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_CMP_MASKED_EQ = 7

# What a candidate never needs: other processes' memory, mounts and namespaces, kernel keyrings, eBPF,
# perf, io_uring, userfaultfd, kexec and modules, and host-wide settings.
DENIED = ("ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp",
          "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount",
          "fspick", "mount_setattr", "unshare", "setns", "keyctl", "add_key", "request_key", "bpf",
          "perf_event_open", "io_uring_setup", "io_uring_enter", "io_uring_register", "userfaultfd", "kexec_load",
          "kexec_file_load", "init_module", "finit_module", "delete_module", "acct", "swapon", "swapoff", "reboot",
          "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "quotactl", "name_to_handle_at",
          "open_by_handle_at", "lookup_dcookie", "iopl", "ioperm", "syslog", "vhangup", "sethostname",
          "setdomainname", "personality", "fanotify_init")


class _ArgCompare(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("mask", ctypes.c_uint64), ("value", ctypes.c_uint64)]


def build_seccomp_filter(allow_processes):
    """Returns the BPF program (bytes) libseccomp compiles for this machine's architecture; syscalls of any
    other architecture (i386 via int 0x80, x32) kill the process. clone3 answers ENOSYS, so libc falls back to
    clone, whose flags a filter can read; clone with a namespace flag is refused. Without allow_processes,
    clone without CLONE_THREAD, fork and vfork answer EAGAIN: threads only."""
    lib = ctypes.CDLL("libseccomp.so.2", use_errno=True)
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                           ctypes.POINTER(_ArgCompare)]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    context = lib.seccomp_init(SCMP_ACT_ALLOW)
    if not context:
        raise OSError("seccomp_init failed")

    def rule(errno, name, *compares):
        number = lib.seccomp_syscall_resolve_name(name.encode())
        if number < 0:
            return  # not a syscall on this architecture
        array = (_ArgCompare * len(compares))(*compares) if compares else None
        result = lib.seccomp_rule_add_array(context, 0x00050000 | errno, number, len(compares), array)
        if result != 0:
            raise OSError(-result, f"seccomp rule for {name}: {os.strerror(-result)}")

    try:
        for name in DENIED:
            rule(EPERM, name)
        rule(ENOSYS, "clone3")
        for flag in NAMESPACE_FLAGS:
            rule(EPERM, "clone", _ArgCompare(0, SCMP_CMP_MASKED_EQ, flag, flag))
        if not allow_processes:
            rule(EAGAIN, "clone", _ArgCompare(0, SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0))
            rule(EAGAIN, "fork")
            rule(EAGAIN, "vfork")
        read_end, write_end = os.pipe()
        try:
            if lib.seccomp_export_bpf(context, write_end) != 0:
                raise OSError("seccomp_export_bpf failed")
            os.close(write_end)
            write_end = -1
            return os.read(read_end, 1 << 16)
        finally:
            os.close(read_end)
            if write_end >= 0:
                os.close(write_end)
    finally:
        lib.seccomp_release(context)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


class Confinement:
    """Applies the process-wide part of the sandbox to the calling (freshly forked, single-threaded) process."""

    def __init__(self, libc, config, filters):
        self.libc = libc
        self.namespaces = config["mode"] != "process"
        self.separate_uids = config["separate_uids"]
        self.last_capability = config["last_capability"]
        self.filters = filters  # allow_processes -> BPF bytes
        self.limits = (config["memory_bytes"], config["file_bytes"], config["open_files"])

    def apply(self, uid, cpu_seconds, allow_processes):
        memory, file_bytes, open_files = self.limits
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
        resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if cpu_seconds is not None:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
        if not self.namespaces:
            return
        self.prctl(PR_SET_SECUREBITS, SECUREBITS)
        for capability in range(self.last_capability + 1):
            self.prctl(PR_CAPBSET_DROP, capability)
        self.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
        if self.separate_uids:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
        self.clear_capabilities()
        self.prctl(PR_SET_NO_NEW_PRIVS, 1)
        program = self.filters[allow_processes]
        buffer = ctypes.create_string_buffer(program, len(program))
        fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
        self.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(fprog))

    def clear_capabilities(self):
        """capset(2) with every set empty: in a user namespace the process stays uid 0 but holds nothing."""
        header = (ctypes.c_uint32 * 2)(0x20080522, 0)
        data = (ctypes.c_uint32 * 6)()
        if self.libc.syscall(126, header, data) != 0:  # SYS_capset on x86_64
            errno = ctypes.get_errno()
            raise OSError(errno, "capset: " + os.strerror(errno))

    def prctl(self, option, *args):
        values = [ctypes.c_ulong(a) for a in args] + [ctypes.c_ulong(0)] * (4 - len(args))
        if self.libc.prctl(option, *values) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f"prctl({option}): {os.strerror(errno)}")


def libc_call(libc, name, *args):
    if getattr(libc, name)(*args) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{name}: {os.strerror(errno)}")


def _locked_flags(path):
    """The flags a bind mount must keep when remounted inside a user namespace (the kernel refuses to
    clear nosuid, nodev, noexec or change the atime mode of a mount it did not create)."""
    flags = os.statvfs(path).f_flag
    kept = 0
    for statvfs_flag, mount_flag in ((os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV), (os.ST_NOEXEC, MS_NOEXEC),
                                     (os.ST_NOATIME, MS_NOATIME), (os.ST_NODIRATIME, MS_NODIRATIME),
                                     (os.ST_RELATIME, MS_RELATIME)):
        if flags & statvfs_flag:
            kept |= mount_flag
    return kept


def build_root(libc, root):
    """Chroots into a read-only tmpfs holding only /usr, the interpreter's prefix, ld.so.cache and
    /dev/{null,zero,urandom,random}: no /proc, no /sys, no home, no project, no other problem's tests.
    The mounts live in the worker's private mount namespace; the host sees none of them."""
    def mount(source, target, fstype, flags, data):
        libc_call(libc, "mount", source, target, fstype, flags, data)

    def bind(source):
        target = root + source
        if os.path.isdir(source):
            os.makedirs(target, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            open(target, "a").close()
        mount(source.encode(), target.encode(), None, MS_BIND | MS_REC, None)
        flags = MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | _locked_flags(target)
        mount(None, target.encode(), None, flags, None)

    mount(b"tmpfs", root.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, b"size=1m,mode=755")
    for name in ("bin", "lib", "lib32", "lib64", "sbin"):
        if os.path.islink("/" + name):
            os.symlink(os.readlink("/" + name), root + "/" + name)
        elif os.path.isdir("/" + name):
            bind("/" + name)
    bind("/usr")
    for prefix in {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)}:
        if not prefix.startswith("/usr/"):
            bind(prefix)
    if os.path.exists("/etc/ld.so.cache"):
        bind("/etc/ld.so.cache")
    os.makedirs(root + "/dev", exist_ok=True)
    for device in ("null", "zero", "urandom", "random"):
        open(root + "/dev/" + device, "a").close()
        mount(("/dev/" + device).encode(), (root + "/dev/" + device).encode(), None, MS_BIND, None)
    os.mkdir(root + "/tmp", 0o755)
    mount(None, root.encode(), None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None)
    os.chroot(root)
    os.chdir("/")
