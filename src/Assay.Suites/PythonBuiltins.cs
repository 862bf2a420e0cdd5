namespace Assay.Suites;

/// <summary>The names of Python 3.11's builtins module (<c>dir(builtins)</c> without underscored names): a suite may not
/// declare one as a candidate's entry point, since the tests' builtins must stay the judge's own.</summary>
internal static class PythonBuiltins
{
    private static readonly HashSet<string> s_names = new(
        ("ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError "
        + "BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError "
        + "ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis EncodingWarning "
        + "EnvironmentError Exception ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError "
        + "FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError "
        + "InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError "
        + "ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError OSError "
        + "OverflowError PendingDeprecationWarning PermissionError ProcessLookupError RecursionError "
        + "ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration "
        + "SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError "
        + "UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError "
        + "UnicodeWarning UserWarning ValueError Warning ZeroDivisionError abs aiter all anext any ascii bin "
        + "bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr "
        + "dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash "
        + "help hex id input int isinstance issubclass iter len license list locals map max memoryview min next "
        + "object oct open ord pow print property quit range repr reversed round set setattr slice sorted "
        + "staticmethod str sum super tuple type vars zip ").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    public static bool Contains(string name) => s_names.Contains(name);
}
