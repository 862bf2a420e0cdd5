using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Assay.Deploy.Tests;

/// <summary>The <c>assay</c> containers of the Kubernetes examples, read as the kubelet reads them.</summary>
internal static partial class KubernetesInvocations
{
    /// <summary>One invocation per container whose command is assay.</summary>
    public static IReadOnlyList<AssayInvocation> All()
    {
        var manifests = Manifest.All();
        return [.. manifests.SelectMany(m => Containers(m).Select(c => From(m, c, manifests))).OfType<AssayInvocation>()];
    }

    /// <summary>The containers of a workload's pod template.</summary>
    public static IEnumerable<JsonObject> Containers(Manifest manifest) =>
        (manifest.PodSpec?["containers"]?.AsArray() ?? []).Concat(manifest.PodSpec?["initContainers"]?.AsArray() ?? []).Select(c => c!.AsObject());

    /// <summary>The container's invocation, or null when its command is not assay.</summary>
    public static AssayInvocation? From(Manifest manifest, JsonObject container, IReadOnlyList<Manifest> all)
    {
        var command = container["command"]?.AsArray().Select(a => (string)a!).ToList() ?? [];
        if (command.Count == 0 || Path.GetFileName(command[0]) != AssayInvocation.Executable)
        {
            return null;
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            if (source!["secretRef"]?["name"] is { } secret)
            {
                foreach (var (key, value) in SecretData(all, (string)secret!))
                {
                    environment[key] = value;
                }
            }
        }

        foreach (var variable in container["env"]?.AsArray() ?? [])
        {
            var name = (string)variable!["name"]!;
            environment[name] = variable["value"] is { } value
                ? (string)value!
                : variable["valueFrom"]?["secretKeyRef"] is { } reference && SecretData(all, (string)reference["name"]!).TryGetValue((string)reference["key"]!, out var secret)
                    ? secret
                    : "";
        }

        // The kubelet expands $(NAME) in command and args from the container's environment; unknown names stay as written.
        var substituted = new HashSet<string>(StringComparer.Ordinal);
        var unresolved = new HashSet<string>(StringComparer.Ordinal);
        string Expand(string argument) => Reference().Replace(argument, match =>
        {
            var name = match.Groups[1].Value;
            substituted.Add(name);
            if (environment.TryGetValue(name, out var value))
            {
                return value;
            }

            unresolved.Add(name);
            return match.Value;
        });

        var arguments = command.Skip(1).Concat(container["args"]?.AsArray().Select(a => (string)a!) ?? []).Select(Expand).ToList();
        return new AssayInvocation($"{manifest} container {(string)container["name"]!}", arguments, environment, substituted, unresolved);
    }

    /// <summary>A Secret's values by key, as written in the examples (stringData).</summary>
    public static IReadOnlyDictionary<string, string> SecretData(IReadOnlyList<Manifest> all, string name) =>
        all.SingleOrDefault(m => m.Kind == "Secret" && m.Name == name)?.Body["stringData"]?.AsObject()
            .ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
