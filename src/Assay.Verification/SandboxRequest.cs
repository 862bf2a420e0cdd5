namespace Assay.Verification;

/// <summary>One candidate for a worker: the judge runs <see cref="Prompt"/>'s definitions and <see cref="Test"/> with
/// proxies for <see cref="EntryPoints"/>; the candidate process runs <see cref="Prompt"/> + <see cref="Completion"/>.</summary>
internal sealed record SandboxRequest(string Prompt, string Completion, string Test, IReadOnlyList<string> EntryPoints, string CheckEntryPoint, TimeSpan Timeout);
