namespace Assay.Service.ResultsApi.Contracts;

/// <summary>Audit entries, newest first; <c>next</c> is the <c>before</c> of the following page, null on the last.</summary>
public sealed record AuditResponse(IReadOnlyList<AuditItem> Entries, long? Next);
