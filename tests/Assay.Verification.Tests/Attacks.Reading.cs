namespace Assay.Verification.Tests;

internal static partial class Attacks
{
    /// <summary><c>dis</c> over <c>globals()["check"]</c>: the expected values are constants in the test's bytecode.</summary>
    public static Attack DisOfCheck { get; } = Stealing("dis-of-check", """
        def _steal():
            return _table_from_code(globals()["check"].__code__)
        """);

    /// <summary><c>gc.get_objects()</c> holds the test function.</summary>
    public static Attack GcObjects { get; } = Stealing("gc-objects", """
        def _steal():
            import gc
            table = {}
            for value in gc.get_objects():
                if type(value) is type(_steal) and value.__name__ == "check":
                    table.update(_table_from_code(value.__code__))
            return table
        """);

    /// <summary><c>sys._getframe</c> walked up to the test's frame.</summary>
    public static Attack FrameWalking { get; } = Stealing("frame-walking", """
        def _steal():
            import sys
            table = {}
            frame = sys._getframe(1)
            while frame is not None:
                if frame.f_code.co_name == "check":
                    table.update(_table_from_code(frame.f_code))
                frame = frame.f_back
            return table
        """);

    /// <summary><c>inspect.stack()</c> lists the test's frame.</summary>
    public static Attack InspectStack { get; } = Stealing("inspect-stack", """
        def _steal():
            import inspect
            table = {}
            for info in inspect.stack():
                if info.function == "check":
                    table.update(_table_from_code(info.frame.f_code))
            return table
        """);

    /// <summary>The test's source through <c>__import__('inspect').getsource</c>.</summary>
    public static Attack GetSource { get; } = Stealing("getsource", """
        def _steal():
            return _table_from_text(__import__("inspect").getsource(globals()["check"]))
        """);

    /// <summary>The test's text searched for in files: the program file, command lines and environments under /proc,
    /// open fds, the working directory and /tmp (bounded to a second).</summary>
    public static Attack FileSystemSearch { get; } = Stealing("file-system-search", """
        def _steal():
            import glob
            import os
            import stat
            import sys
            import time
            paths = [getattr(sys.modules.get("__main__"), "__file__", None) or "", *sys.argv, *getattr(sys, "orig_argv", [])]
            for pattern in ("/proc/*/cmdline", "/proc/*/environ"):
                for path in glob.glob(pattern):
                    try:
                        with open(path, "rb") as file:
                            paths += file.read().decode(errors="replace").replace("=", "\0").split("\0")
                    except OSError:
                        pass
            for pattern in ("/proc/*/fd/*", "/proc/*/cwd/*", "./*", "/tmp/*", "/tmp/*/*", "/tmp/*/*/*"):
                paths += glob.glob(pattern)
            # The second of reading starts after the listing: on a busy machine with a crowded /tmp the listing alone
            # can take it, and the in-process control would then read nothing, not even its own program file.
            deadline = time.monotonic() + 1.0
            table = {}
            for path in paths:
                if time.monotonic() > deadline:
                    break
                try:
                    if path and stat.S_ISREG(os.stat(path).st_mode):
                        with open(path, "rb") as file:
                            text = file.read(1 << 20).decode(errors="replace")
                        if "def check(" in text:
                            table.update(_table_from_text(text))
                except (OSError, ValueError):
                    pass
            return table
        """);

    /// <summary>Builds the expected answers of <c>assert candidate(args) == expected</c> lines, from bytecode or from
    /// text, and answers with them; without them it answers <c>x + 3</c>, which is wrong.</summary>
    private const string Oracle = """


        def _table_from_code(code):
            import dis
            table = {}
            ops = list(dis.get_instructions(code))
            for at, op in enumerate(ops):
                if op.opname.startswith("LOAD_FAST") and op.argval == "candidate":
                    args, end = [], at + 1
                    while end < len(ops) and ops[end].opname != "CALL":
                        if ops[end].opname == "LOAD_CONST":
                            args.append(ops[end].argval)
                        end += 1
                    if end + 2 < len(ops) and ops[end + 1].opname == "LOAD_CONST" and ops[end + 2].opname == "COMPARE_OP":
                        table[tuple(args)] = ops[end + 1].argval
            return table


        def _table_from_text(text):
            import ast
            import re
            table = {}
            for args, expected in re.findall(r"candidate\(([^()\n]*)\)\s*==\s*([^\n]+)", text):
                try:
                    table[(ast.literal_eval(args),)] = ast.literal_eval(expected.strip())
                except Exception:
                    pass
            return table


        def _answer(x):
            try:
                table = _steal()
            except Exception:
                table = {}
            return table.get((x,), x + 3)


        """;

    private static Attack Stealing(string name, string steal) =>
        Body(name, AttackClass.ReadingExpectedValues, "    return _answer(x)\n", Oracle + steal + "\n");
}
