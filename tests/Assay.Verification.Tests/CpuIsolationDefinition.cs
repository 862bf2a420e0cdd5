namespace Assay.Verification.Tests;

/// <summary>Tests that measure time under contention: they run alone, after every other collection, so that what
/// competes for the CPU is only what they start.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CpuIsolationDefinition
{
    public const string Name = "CPU isolation";
}
