namespace Assay.Archive.Results;

/// <summary>A key just made: the only moment its text exists outside the client's hands.</summary>
/// <param name="Key">What the archive keeps of it.</param>
/// <param name="Secret">The text to send as <c>Authorization: Bearer</c>; shown once, stored only as its SHA-256.</param>
public sealed record CreatedServiceKey(ServiceKey Key, string Secret);
