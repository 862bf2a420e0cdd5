namespace Assay.Nano.Tests;

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("assay-nano-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
