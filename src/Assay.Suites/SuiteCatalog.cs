using Assay.Core;

namespace Assay.Suites;

/// <summary>
/// The one place where a suite name is resolved: a generator kind (<c>arithmetic</c>, <c>strings</c>,
/// <c>functions</c>), the bundled mix <c>generated</c>, or a path to a JSONL / JSONL.gz file.
/// </summary>
public static class SuiteCatalog
{
    /// <summary>Name of the bundled mix of every generator at every difficulty.</summary>
    public const string Bundled = "generated";

    /// <summary>Seed of the bundled suites, so every machine poses the same problems.</summary>
    public const int BundledSeed = 20261123;

    /// <summary>Problems per difficulty level in the bundled mix.</summary>
    public const int BundledPerLevel = 8;

    /// <summary>Every generator, by kind.</summary>
    public static IReadOnlyList<SuiteGenerator> Generators { get; } =
        [new ArithmeticGenerator(), new StringTaskGenerator(), new FunctionSynthesisGenerator()];

    /// <summary>The generator of a kind, or null.</summary>
    public static SuiteGenerator? FindGenerator(string kind) =>
        Generators.FirstOrDefault(g => string.Equals(g.Kind, kind, StringComparison.OrdinalIgnoreCase));

    /// <summary>Loads the suite a user named; an unknown name that is not a file is an error listing the known names.</summary>
    public static IReadOnlyList<Problem> Resolve(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (string.Equals(nameOrPath, Bundled, StringComparison.OrdinalIgnoreCase))
        {
            return Generators.SelectMany(g => Levels(g, BundledPerLevel, BundledSeed)).ToList();
        }

        if (FindGenerator(nameOrPath) is { } generator)
        {
            return Levels(generator, BundledPerLevel, BundledSeed).ToList();
        }

        if (File.Exists(nameOrPath))
        {
            return SuiteFile.Load(nameOrPath);
        }

        var known = string.Join(", ", new[] { Bundled }.Concat(Generators.Select(g => g.Kind)));
        throw new FileNotFoundException($"--suite '{nameOrPath}': neither a suite name ({known}) nor an existing file", nameOrPath);
    }

    private static IEnumerable<Problem> Levels(SuiteGenerator generator, int perLevel, int seed) =>
        Enumerable.Range(1, generator.MaxDifficulty).SelectMany(d => generator.Generate(perLevel, d, seed));
}
