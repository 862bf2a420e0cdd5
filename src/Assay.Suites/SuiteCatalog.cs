using System.Text.Json;
using System.Text.Json.Serialization;
using Assay.Core;

namespace Assay.Suites;

/// <summary>
/// The one place where a suite name is resolved: a generator kind (<c>arithmetic</c>, <c>strings</c>,
/// <c>functions</c>), the generated mix <c>generated</c>, a bundled file suite listed in <c>data/suites.json</c>
/// (<c>humaneval</c>), or a path to a JSONL / JSONL.gz file.
/// </summary>
public static class SuiteCatalog
{
    /// <summary>Name of the generated mix of every generator at every difficulty.</summary>
    public const string Bundled = "generated";

    /// <summary>Seed of the generated suites, so every machine poses the same problems.</summary>
    public const int BundledSeed = 20261123;

    /// <summary>Problems per difficulty level in the generated suites.</summary>
    public const int BundledPerLevel = 8;

    private const string CatalogueResource = "data/suites.json";

    private static readonly JsonSerializerOptions s_catalogueOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Every generator, by kind.</summary>
    public static IReadOnlyList<SuiteGenerator> Generators { get; } =
        [new ArithmeticGenerator(), new StringTaskGenerator(), new FunctionSynthesisGenerator()];

    /// <summary>The file suites shipped inside this assembly, as <c>data/suites.json</c> lists them.</summary>
    public static IReadOnlyList<BundledSuite> BundledSuites { get; } = LoadCatalogue();

    /// <summary>The generator of a kind, or null.</summary>
    public static SuiteGenerator? FindGenerator(string kind) =>
        Generators.FirstOrDefault(g => string.Equals(g.Kind, kind, StringComparison.OrdinalIgnoreCase));

    /// <summary>The bundled file suite of that name, or null.</summary>
    public static BundledSuite? FindBundled(string name) =>
        BundledSuites.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

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

        if (FindBundled(nameOrPath) is { } bundled)
        {
            return Load(bundled);
        }

        if (File.Exists(nameOrPath))
        {
            return SuiteFile.Load(nameOrPath);
        }

        var known = string.Join(", ", new[] { Bundled }.Concat(Generators.Select(g => g.Kind)).Concat(BundledSuites.Select(s => s.Name)));
        throw new FileNotFoundException($"--suite '{nameOrPath}': neither a suite name ({known}) nor an existing file", nameOrPath);
    }

    /// <summary>The problems of a bundled suite, read from this assembly's resources.</summary>
    public static IReadOnlyList<Problem> Load(BundledSuite suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var resource = "data/" + suite.File;
        return SuiteFile.Load(
            () => OpenResource(resource), $"{suite.Name} (bundled {resource})", suite.File.EndsWith(".gz", StringComparison.OrdinalIgnoreCase),
            SuiteFile.SuiteName(suite.File), suite.ReleaseDate);
    }

    private static IEnumerable<Problem> Levels(SuiteGenerator generator, int perLevel, int seed) =>
        Enumerable.Range(1, generator.MaxDifficulty).SelectMany(d => generator.Generate(perLevel, d, seed));

    private static Stream OpenResource(string name) =>
        typeof(SuiteCatalog).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"{name} is not embedded in {typeof(SuiteCatalog).Assembly.GetName().Name}: see its .csproj");

    private static List<BundledSuite> LoadCatalogue()
    {
        using var stream = OpenResource(CatalogueResource);
        var catalogue = JsonSerializer.Deserialize<Catalogue>(stream, s_catalogueOptions)
            ?? throw new InvalidOperationException($"{CatalogueResource} is empty");
        return catalogue.Suites;
    }

    private sealed record Catalogue(List<BundledSuite> Suites);
}
