using System.Text.Json;
using Assay.Core;

namespace Assay.Reports;

/// <summary>How reports spell verdict statuses and isolation levels: lower-case words with underscores
/// (<c>infrastructure</c>, <c>namespaces_rlimits</c>), as the archive stores them and the JSON report writes them.</summary>
public static class VerdictWords
{
    /// <summary>The status as a word, e.g. <c>passed</c>.</summary>
    public static string Of(VerdictStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    /// <summary>The isolation level as a word, e.g. <c>not_applicable</c>.</summary>
    public static string Of(Isolation isolation) => JsonNamingPolicy.SnakeCaseLower.ConvertName(isolation.ToString());

    /// <summary>The verifier identity, or <c>unknown</c> for a verdict archived before verifiers identified themselves.</summary>
    public static string Verifier(string identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return identity.Length > 0 ? identity : "unknown";
    }
}
