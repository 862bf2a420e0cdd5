namespace Assay.Verification.Tests;

/// <summary>The classes of tricks by which wrong answers passed an in-process harness (issue 8, "What passed").</summary>
internal enum AttackClass
{
    /// <summary>Changing the namespace the tests run in: a dict key posing as <c>check</c>, a decorator on <c>def check</c>.</summary>
    NamespaceTampering,

    /// <summary>Overriding what the tests call: builtins, module-level names, <c>math</c>, the prompt's own helpers.</summary>
    OverridingWhatTestsCall,

    /// <summary>Stealing or forging the verdict channel: fds, nonces, forged bytes.</summary>
    VerdictChannel,

    /// <summary>Returning an object whose <c>__eq__</c> lies (patched pure-Python classes, subclasses of built-ins).</summary>
    LyingValue,

    /// <summary>Reading the expected values from the tests: bytecode, frames, objects, source, files.</summary>
    ReadingExpectedValues,
}
