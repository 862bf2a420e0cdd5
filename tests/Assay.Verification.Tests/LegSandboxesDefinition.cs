namespace Assay.Verification.Tests;

/// <summary>The tests that share <see cref="LegSandboxes"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class LegSandboxesDefinition : ICollectionFixture<LegSandboxes>
{
    public const string Name = "Sandbox legs";
}
