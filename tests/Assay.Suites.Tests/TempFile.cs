namespace Assay.Suites.Tests;

/// <summary>A file in a fresh temporary directory, deleted with it.</summary>
internal sealed class TempFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("assay-suites-").FullName;

    public TempFile(string name, string contents)
    {
        Path = System.IO.Path.Combine(_directory, name);
        File.WriteAllText(Path, contents);
    }

    public TempFile(string name, byte[] contents)
    {
        Path = System.IO.Path.Combine(_directory, name);
        File.WriteAllBytes(Path, contents);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
