namespace Assay.Testing;

/// <summary>Where tests find the repository and its vendored data (<c>data/</c>, or <c>$ASSAY_DATA</c>).</summary>
public static class RepositoryPaths
{
    /// <summary>The directory holding <c>Assay.slnx</c>, found upwards from the test's own directory.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The HumanEval data folder.</summary>
    public static string HumanEval => Path.Combine(Data, "humaneval");

    /// <summary>The data folder: the repository's own <c>data/</c>, unless <c>$ASSAY_DATA</c> names another with the same layout.</summary>
    public static string Data =>
        Environment.GetEnvironmentVariable("ASSAY_DATA") is { Length: > 0 } variable
            ? variable
            : Path.Combine(Root, "data");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Assay.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Assay.slnx above {AppContext.BaseDirectory}");
    }
}
