using Assay.Nano;

namespace Assay.Training;

/// <summary>
/// Where trained checkpoints are kept between commands: <c>$ASSAY_HOME</c>, else <c>$XDG_CACHE_HOME/assay</c>, else
/// <c>~/.cache/assay</c>. A base model lives in <c>models/nano-base-KEY</c>, KEY a hash of its recipe.
/// </summary>
public sealed class ModelCache(string root)
{
    /// <summary>The cache the environment names.</summary>
    public static ModelCache FromEnvironment()
    {
        var root = Environment.GetEnvironmentVariable("ASSAY_HOME");
        if (string.IsNullOrEmpty(root))
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(cache))
            {
                cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }

            root = Path.Combine(cache, "assay");
        }

        return new ModelCache(root);
    }

    /// <summary>The cache's root directory.</summary>
    public string Root { get; } = root;

    /// <summary>The directory of the base model a recipe makes.</summary>
    public string BaseModelDirectory(BaseModelRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        return Path.Combine(Root, "models", $"nano-base-{recipe.Key}");
    }

    /// <summary>True when a complete checkpoint is stored in <paramref name="directory"/>.</summary>
    public static bool HasCheckpoint(string directory) =>
        File.Exists(Path.Combine(directory, NanoCheckpoint.ConfigFile)) && File.Exists(Path.Combine(directory, NanoCheckpoint.WeightsFile));
}
