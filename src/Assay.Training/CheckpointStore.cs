using Assay.Nano;

namespace Assay.Training;

/// <summary>Writes checkpoints so that a killed run never leaves a half-written one where a reader looks.</summary>
public static class CheckpointStore
{
    /// <summary>Saves beside <paramref name="directory"/>, then renames into place (replacing what was there).</summary>
    public static async Task SaveAsync(NanoModel model, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var staging = directory + ".partial-" + Environment.ProcessId;
        if (Directory.Exists(staging))
            Directory.Delete(staging, recursive: true);
        await NanoCheckpoint.SaveAsync(model, staging, cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        Directory.Move(staging, directory);
    }
}
