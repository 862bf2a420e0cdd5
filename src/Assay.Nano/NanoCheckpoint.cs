using System.Text.Json;

namespace Assay.Nano;

/// <summary>
/// A checkpoint directory: model.safetensors (F32 tensors named as in GPT-2, matmul weights (in, out)) and
/// config.json beside it: {"format": "assay-nano", "tokenizer", "layers", "width", "heads", "context", "vocabulary"}.
/// </summary>
public static class NanoCheckpoint
{
    public const string WeightsFile = "model.safetensors";
    public const string ConfigFile = "config.json";
    private const string Format = "assay-nano";

    /// <summary>Writes the checkpoint, creating the directory if needed.</summary>
    public static async Task SaveAsync(NanoModel model, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        var c = model.Config;
        var config = new Dictionary<string, object>
        {
            ["format"] = Format,
            ["tokenizer"] = NanoTokenizer.Name,
            ["layers"] = c.Layers,
            ["width"] = c.Width,
            ["heads"] = c.Heads,
            ["context"] = c.Context,
            ["vocabulary"] = c.Vocabulary,
        };
        await File.WriteAllTextAsync(Path.Combine(directory, ConfigFile), JsonSerializer.Serialize(config, s_indented), cancellationToken).ConfigureAwait(false);
        var weights = model.Parameters.Array.AsMemory(0, model.Parameters.Length);
        await SafetensorsFile.WriteAsync(
            Path.Combine(directory, WeightsFile),
            model.Tensors.Select(t => (t.Name, t.Shape, (ReadOnlyMemory<float>)weights.Slice(t.Offset, t.Length))),
            new Dictionary<string, string> { ["format"] = Format },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a checkpoint written by <see cref="SaveAsync"/>.</summary>
    /// <exception cref="FileNotFoundException">config.json or model.safetensors is missing.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt or truncated, or the two disagree; the message names the file.</exception>
    public static async Task<NanoModel> LoadAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string configPath = Path.Combine(directory, ConfigFile);
        string weightsPath = Path.Combine(directory, WeightsFile);
        foreach (string path in new[] { configPath, weightsPath })
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"{path}: not found; a nano checkpoint is a directory with {ConfigFile} and {WeightsFile}.", path);
        }

        var config = ReadConfig(configPath, await File.ReadAllTextAsync(configPath, cancellationToken).ConfigureAwait(false));
        var tensors = await SafetensorsFile.ReadAsync(weightsPath, cancellationToken).ConfigureAwait(false);
        var layout = new ParameterLayout(config);
        var parameters = new PinnedFloats(layout.Count);
        foreach (var expected in layout.Tensors)
        {
            if (!tensors.TryGetValue(expected.Name, out var tensor))
                throw new InvalidDataException($"{weightsPath}: tensor '{expected.Name}' is missing.");
            if (!tensor.Shape.SequenceEqual(expected.Shape))
            {
                throw new InvalidDataException(
                    $"{weightsPath}: tensor '{expected.Name}' has shape [{string.Join(", ", tensor.Shape)}] but {ConfigFile} implies [{string.Join(", ", expected.Shape)}].");
            }

            tensor.Data.CopyTo(parameters.Span.Slice(expected.Offset, expected.Length));
        }

        foreach (string name in tensors.Keys)
        {
            if (!layout.Tensors.Any(t => t.Name == name))
                throw new InvalidDataException($"{weightsPath}: unexpected tensor '{name}' for the config in {ConfigFile}.");
        }

        return new NanoModel(config, parameters);
    }

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    private static NanoConfig ReadConfig(string path, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: expected a JSON object.");
            if (!root.TryGetProperty("tokenizer", out var tokenizer) || tokenizer.GetString() != NanoTokenizer.Name)
                throw new InvalidDataException($"{path}: field 'tokenizer' must be \"{NanoTokenizer.Name}\".");
            int Field(string name) =>
                root.TryGetProperty(name, out var v) && v.TryGetInt32(out int value)
                    ? value
                    : throw new InvalidDataException($"{path}: field '{name}' is missing or not an integer.");
            var config = new NanoConfig(Field("layers"), Field("width"), Field("heads"), Field("context"), Field("vocabulary"));
            try
            {
                config.Validate();
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}", e);
            }

            return config;
        }
    }
}
