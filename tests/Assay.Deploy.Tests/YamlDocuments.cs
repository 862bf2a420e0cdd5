using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Assay.Deploy.Tests;

/// <summary>
/// YAML documents as JSON, typed as the Kubernetes API server types them (sigs.k8s.io/yaml, YAML 1.1): an unquoted
/// <c>true</c>, <c>yes</c> or <c>on</c> is a boolean, an unquoted <c>0440</c> an octal number, an unquoted <c>8</c> a
/// number; a quoted scalar is always a string. So a value the API server would read with the wrong type fails the
/// schema here too.
/// </summary>
internal static partial class YamlDocuments
{
    /// <summary>Every non-empty document of <paramref name="path"/>, in order.</summary>
    public static IReadOnlyList<JsonNode> Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(d => ToJson(d.RootNode)).OfType<JsonNode>()];
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(p =>
            KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? "", ToJson(p.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidDataException($"line {node.Start.Line}: YAML aliases are not used in deploy/"),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (Boolean().IsMatch(text))
        {
            return JsonValue.Create(text.ToLowerInvariant() is "true" or "yes" or "on" or "y");
        }

        if (Octal().IsMatch(text))
        {
            return JsonValue.Create(Convert.ToInt64(text, 8));
        }

        if (Integer().IsMatch(text))
        {
            return JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture));
        }

        return Float().IsMatch(text) ? JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)) : JsonValue.Create(text);
    }

    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex Boolean();

    [GeneratedRegex("^[-+]?0[0-7]+$")]
    private static partial Regex Octal();

    [GeneratedRegex("^[-+]?(0|[1-9][0-9]*)$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
