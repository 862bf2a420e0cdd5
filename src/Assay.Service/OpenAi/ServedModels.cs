using Assay.Nano;

namespace Assay.Service.OpenAi;

/// <summary>The nano models the endpoint serves, by the id clients put in <c>model</c>.</summary>
public sealed class ServedModels(IReadOnlyDictionary<string, NanoModel> models, TimeProvider clock)
{
    private readonly long _created = clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Model ids, in order.</summary>
    public IEnumerable<string> Ids => models.Keys.Order(StringComparer.Ordinal);

    /// <summary>When the service started, in Unix seconds (the <c>created</c> of every model).</summary>
    public long Created => _created;

    /// <summary>The model a request names, or a 404 in OpenAI's shape.</summary>
    public NanoModel Get(string id) => models.TryGetValue(id, out var model) ? model : throw NotFound(id, this);

    /// <summary>OpenAI's 404 for a model that is not served.</summary>
    public static OpenAiRequestException NotFound(string id, ServedModels served)
    {
        ArgumentNullException.ThrowIfNull(served);
        return new($"The model '{id}' does not exist; served: {string.Join(", ", served.Ids)}", "model", 404, "invalid_request_error", "model_not_found");
    }
}
