namespace Assay.Rollouts;

/// <summary>
/// A policy's name parsed: <c>nano:default</c>, <c>nano:PATH</c>, <c>openai:MODEL@BASE_URL</c> (or
/// <c>openai:MODEL</c> for api.openai.com), <c>anthropic:MODEL</c>.
/// </summary>
/// <param name="Scheme">The part before the first colon, lower case: <c>nano</c>, <c>openai</c>, <c>anthropic</c>, or a registered one.</param>
/// <param name="Model">The model name (or, for nano, <c>default</c> or a checkpoint path).</param>
/// <param name="BaseUrl">The service's base URL, when given after <c>@</c>.</param>
public sealed record ModelSpec(string Scheme, string Model, Uri? BaseUrl)
{
    /// <summary>Parses a model name.</summary>
    /// <exception cref="FormatException">The name has no scheme, no model, or a base URL that is not an absolute http(s) URL.</exception>
    public static ModelSpec Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == name.Length - 1)
        {
            throw new FormatException($"model '{name}' is not of the form SCHEME:MODEL (nano:default, openai:MODEL@BASE_URL, anthropic:MODEL)");
        }

        var scheme = name[..colon].ToLowerInvariant();
        var rest = name[(colon + 1)..];
        if (scheme == "nano")
        {
            // A checkpoint path may itself contain '@'; nano takes no URL.
            return new ModelSpec(scheme, rest, null);
        }

        var at = rest.LastIndexOf('@');
        if (at < 0)
        {
            return new ModelSpec(scheme, rest, null);
        }

        var model = rest[..at];
        var url = rest[(at + 1)..];
        if (model.Length == 0)
        {
            throw new FormatException($"model '{name}' names no model before '@'");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"model '{name}': '{url}' is not an absolute http(s) base URL");
        }

        return new ModelSpec(scheme, model, baseUrl);
    }

    /// <inheritdoc />
    public override string ToString() => BaseUrl is null ? $"{Scheme}:{Model}" : $"{Scheme}:{Model}@{BaseUrl.OriginalString}";
}
