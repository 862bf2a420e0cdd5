namespace Assay.Deploy.Tests;

/// <summary>
/// One <c>assay</c> command line of the examples, as the process would receive it once the platform has substituted its
/// variables, with the environment it is given.
/// </summary>
/// <param name="Source">Where it is written, for messages.</param>
/// <param name="Arguments">The arguments after the executable.</param>
/// <param name="Environment">The variables set for the process (secret values as the examples' Secrets hold them).</param>
/// <param name="Substituted">The variables the command line itself uses (<c>$(NAME)</c>, <c>${NAME}</c>).</param>
/// <param name="Unresolved">Variables the command line uses that nothing sets.</param>
internal sealed record AssayInvocation(
    string Source,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlySet<string> Substituted,
    IReadOnlySet<string> Unresolved)
{
    /// <summary>The file name every example starts assay by.</summary>
    public const string Executable = "assay";

    /// <summary>The verb (<c>worker</c>, <c>run</c>).</summary>
    public string Verb => Arguments.Count > 0 ? Arguments[0] : "";

    /// <summary>Every assay command line of deploy/kubernetes and deploy/systemd.</summary>
    public static IReadOnlyList<AssayInvocation> All() => [.. KubernetesInvocations.All(), .. SystemdInvocations.All()];

    public override string ToString() => $"{Source}: assay {string.Join(' ', Arguments)}";
}
