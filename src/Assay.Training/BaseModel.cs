using Assay.Nano;

namespace Assay.Training;

/// <summary>Gets the base model a recipe describes: from the cache when it was trained before, else trained and cached.</summary>
public static class BaseModel
{
    /// <summary>Loads the cached base model, or trains it (reporting progress) and caches it.</summary>
    /// <returns>The model, its checkpoint directory, and the training result when it was trained now.</returns>
    public static async Task<(NanoModel Model, string Directory, TrainingResult? Trained)> LoadOrTrainAsync(
        ModelCache cache,
        BaseModelRecipe recipe,
        Action<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(recipe);
        var directory = cache.BaseModelDirectory(recipe);
        if (ModelCache.HasCheckpoint(directory))
        {
            return (await NanoCheckpoint.LoadAsync(directory, cancellationToken).ConfigureAwait(false), directory, null);
        }

        var (model, result) = await Task.Run(() => BaseModelTrainer.Train(recipe, progress, cancellationToken), cancellationToken).ConfigureAwait(false);

        await CheckpointStore.SaveAsync(model, directory, cancellationToken).ConfigureAwait(false);
        return (model, directory, result);
    }
}
