using System.Text.Json.Nodes;

namespace Assay.Deploy.Tests;

/// <summary>One Kubernetes object of the examples: the file it is in, its position there, and its body as JSON.</summary>
internal sealed record Manifest(string File, int Index, JsonObject Body)
{
    /// <summary>The examples' directory.</summary>
    public static string Directory => Path.Combine(Assay.Testing.RepositoryPaths.Root, "deploy", "kubernetes");

    public string ApiVersion => (string?)Body["apiVersion"] ?? "";

    public string Kind => (string?)Body["kind"] ?? "";

    public string Name => (string?)Body["metadata"]?["name"] ?? (string?)Body["metadata"]?["generateName"] ?? "";

    /// <summary>Every object of every <c>*.yaml</c> in <c>deploy/kubernetes/</c>.</summary>
    public static IReadOnlyList<Manifest> All() =>
        [.. System.IO.Directory.GetFiles(Directory, "*.yaml").Order(StringComparer.Ordinal).SelectMany(Load)];

    /// <summary>The objects of one file.</summary>
    public static IEnumerable<Manifest> Load(string file) =>
        YamlDocuments.Load(file).Select((body, i) => new Manifest(file, i, body.AsObject()));

    /// <summary>The one object of <paramref name="kind"/> named <paramref name="name"/>.</summary>
    public static Manifest Find(string kind, string name) => All().Single(m => m.Kind == kind && m.Name == name);

    /// <summary>The pod spec of a workload (Deployment, StatefulSet, Job), or null.</summary>
    public JsonObject? PodSpec => Body["spec"]?["template"]?["spec"]?.AsObject();

    public override string ToString() => $"deploy/kubernetes/{Path.GetFileName(File)} document {Index + 1} ({Kind} {Name})";
}
