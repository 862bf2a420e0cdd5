namespace Assay.Cli.Tests;

/// <summary>Tests that swap <see cref="Console.Error"/> for the whole process run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SwappedConsoleError
{
    public const string Name = "console error";
}
