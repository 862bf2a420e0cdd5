using System.Text.Json.Nodes;
using Json.Schema;

namespace Assay.Deploy.Tests;

/// <summary>
/// The schemas kept in <c>deploy/schemas/</c> (upstream Kubernetes OpenAPI v3 and KEDA's CRD; their README says from
/// where), as JSON Schemas to validate the examples with. A document's <c>apiVersion</c> and <c>kind</c> pick its
/// schema; an object schema listing its properties admits no others (kubectl's <c>--validate=strict</c>), so a
/// misspelt field is an error here rather than a field the API server drops without a word.
/// </summary>
internal sealed class KubernetesSchemas
{
    private const string ComponentPrefix = "#/components/schemas/";
    private readonly Dictionary<(string ApiVersion, string Kind), JsonSchema> _schemas = [];

    private KubernetesSchemas()
    {
    }

    public static string Directory => Path.Combine(Assay.Testing.RepositoryPaths.Root, "deploy", "schemas");

    /// <summary>The (apiVersion, kind) pairs there is a schema for.</summary>
    public IReadOnlyCollection<(string ApiVersion, string Kind)> Kinds => _schemas.Keys;

    public static KubernetesSchemas Load()
    {
        var schemas = new KubernetesSchemas();
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Directory, "kubernetes-v1.33"), "*.json"))
        {
            schemas.AddOpenApi(JsonNode.Parse(File.ReadAllText(file))!);
        }

        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Directory, "keda"), "*.yaml"))
        {
            schemas.AddCustomResourceDefinition(YamlDocuments.Load(file).Single());
        }

        return schemas;
    }

    /// <summary>What is wrong with <paramref name="manifest"/>, one line each; empty when it is valid.</summary>
    public IReadOnlyList<string> Errors(Manifest manifest)
    {
        if (!_schemas.TryGetValue((manifest.ApiVersion, manifest.Kind), out var schema))
        {
            return [$"no schema for apiVersion {manifest.ApiVersion} kind {manifest.Kind} in deploy/schemas/"];
        }

        var result = schema.Evaluate(manifest.Body, new EvaluationOptions { OutputFormat = OutputFormat.List });
        // The alternatives of a oneOf/anyOf that failed as a whole are noise (an IntOrString's "not an integer" beside
        // its "not a string"): the oneOf's own error, at the same place, says it.
        return result.IsValid
            ? []
            : [.. (result.Details.Count > 0 ? result.Details : [result])
                .Where(d => d.Errors is { Count: > 0 })
                .Where(d => !d.EvaluationPath.ToString().Contains("/oneOf/", StringComparison.Ordinal) && !d.EvaluationPath.ToString().Contains("/anyOf/", StringComparison.Ordinal))
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {Describe(e.Key, e.Value)}"))
                .Distinct()];
    }

    private static string Describe(string keyword, string message) =>
        keyword.Length == 0 && message.Contains("false schema", StringComparison.Ordinal) ? "unknown field (not in the schema)" : $"{keyword}: {message}";

    private void AddOpenApi(JsonNode document)
    {
        var components = document["components"]!["schemas"]!.AsObject();
        foreach (var (name, component) in components)
        {
            foreach (var gvk in component!["x-kubernetes-group-version-kind"]?.AsArray() ?? [])
            {
                var group = (string)gvk!["group"]!;
                var apiVersion = group.Length == 0 ? (string)gvk["version"]! : $"{group}/{(string)gvk["version"]!}";
                var defs = (JsonObject)components.DeepClone();
                foreach (var (_, definition) in defs)
                {
                    Harden(definition);
                }

                var root = new JsonObject
                {
                    ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                    ["$defs"] = defs,
                    ["$ref"] = "#/$defs/" + name,
                };
                _schemas[(apiVersion, (string)gvk["kind"]!)] = JsonSchema.FromText(root.ToJsonString());
            }
        }
    }

    private void AddCustomResourceDefinition(JsonNode crd)
    {
        var spec = crd["spec"]!;
        foreach (var version in spec["versions"]!.AsArray())
        {
            var schema = version!["schema"]!["openAPIV3Schema"]!.DeepClone();
            Harden(schema);
            schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            _schemas[($"{(string)spec["group"]!}/{(string)version["name"]!}", (string)spec["names"]!["kind"]!)] = JsonSchema.FromText(schema.ToJsonString());
        }
    }

    /// <summary>Turns one OpenAPI schema into the strict JSON Schema described above, walking only where schemas are.</summary>
    private static void Harden(JsonNode? node)
    {
        if (node is not JsonObject schema)
        {
            return;
        }

        if (schema["$ref"] is JsonValue reference && ((string?)reference)?.StartsWith(ComponentPrefix, StringComparison.Ordinal) == true)
        {
            schema["$ref"] = "#/$defs/" + ((string)reference!)[ComponentPrefix.Length..];
        }

        var keepsUnknown = schema["x-kubernetes-preserve-unknown-fields"] is JsonValue keep && (bool)keep;
        if (schema.ContainsKey("properties") && !schema.ContainsKey("additionalProperties") && !keepsUnknown)
        {
            schema["additionalProperties"] = false;
        }

        foreach (var key in (string[])["properties", "patternProperties"])
        {
            foreach (var (_, property) in schema[key]?.AsObject() ?? [])
            {
                Harden(property);
            }
        }

        foreach (var key in (string[])["items", "additionalProperties", "not"])
        {
            Harden(schema[key]);
        }

        foreach (var key in (string[])["allOf", "anyOf", "oneOf"])
        {
            foreach (var part in schema[key]?.AsArray() ?? [])
            {
                Harden(part);
            }
        }
    }
}
