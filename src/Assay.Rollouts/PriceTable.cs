using System.Text.Json;

namespace Assay.Rollouts;

/// <summary>
/// Prices per model, from a JSON file of the form
/// <c>{ "openai:gpt-4o-mini": { "prompt": 0.15, "completion": 0.60 }, "claude-sonnet-4-5": { ... } }</c>
/// (US dollars per million tokens). A model is looked up by its full name first, then by its bare model name;
/// <c>nano:</c> models are always free.
/// </summary>
public sealed class PriceTable
{
    private readonly Dictionary<string, ModelPrice> _prices;

    /// <summary>Creates a table from prices keyed by model name.</summary>
    public PriceTable(IReadOnlyDictionary<string, ModelPrice> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        _prices = new Dictionary<string, ModelPrice>(prices, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A table that knows no prices.</summary>
    public static PriceTable Empty { get; } = new(new Dictionary<string, ModelPrice>());

    /// <summary>Reads a price table file.</summary>
    /// <exception cref="PolicyConfigurationException">The file is not valid JSON or a price is missing or negative.</exception>
    public static async Task<PriceTable> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            JsonDocument document;
            try
            {
                document = await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new PolicyConfigurationException($"{path}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
            }

            using (document)
            {
                return Parse(document.RootElement, path);
            }
        }
    }

    /// <summary>The price of <paramref name="spec"/>, or null when the table does not know it.</summary>
    public ModelPrice? Find(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Scheme == "nano")
        {
            return ModelPrice.Free;
        }

        return _prices.TryGetValue(spec.ToString(), out var full) ? full
            : _prices.TryGetValue($"{spec.Scheme}:{spec.Model}", out var scheme) ? scheme
            : _prices.TryGetValue(spec.Model, out var bare) ? bare
            : null;
    }

    private static PriceTable Parse(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyConfigurationException($"{path}: expected an object mapping model names to {{\"prompt\": ..., \"completion\": ...}}");
        }

        var prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in root.EnumerateObject())
        {
            prices[model.Name] = new ModelPrice(Price(model, "prompt", path), Price(model, "completion", path));
        }

        return new PriceTable(prices);
    }

    private static decimal Price(JsonProperty model, string field, string path)
    {
        if (model.Value.ValueKind != JsonValueKind.Object
            || !model.Value.TryGetProperty(field, out var value)
            || value.ValueKind != JsonValueKind.Number
            || !value.TryGetDecimal(out var price)
            || price < 0)
        {
            throw new PolicyConfigurationException($"{path}: model '{model.Name}': field '{field}' must be a non-negative number (US dollars per million tokens)");
        }

        return price;
    }
}
