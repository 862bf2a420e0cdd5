using Assay.Core;

namespace Assay.Archive.Results;

/// <summary>An API key of the results service as the archive keeps it: never its text, only who it is and what it may see.</summary>
/// <param name="Id">The key's public part, also written inside the key's text.</param>
/// <param name="Name">What the admin called it (whose it is).</param>
/// <param name="Tier">What it may see.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="RevokedAt">When it was revoked, or null while it works.</param>
public sealed record ServiceKey(string Id, string Name, Tier Tier, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
