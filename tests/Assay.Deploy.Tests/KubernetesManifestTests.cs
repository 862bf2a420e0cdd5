using System.Text.Json.Nodes;
using Assay.Cluster;

namespace Assay.Deploy.Tests;

/// <summary>The Kubernetes examples against the upstream schemas kept in deploy/schemas/ (no cluster is needed, or used).</summary>
public sealed class KubernetesManifestTests
{
    private static readonly KubernetesSchemas Schemas = KubernetesSchemas.Load();

    [Fact]
    public void Every_kubernetes_example_validates_against_the_schema_of_its_kind_kept_in_the_repository()
    {
        var manifests = Manifest.All();
        var kinds = manifests.Select(m => $"{m.Kind}/{m.Name}").ToHashSet();
        foreach (var expected in (string[])["Deployment/assay-worker", "ScaledObject/assay-worker", "StatefulSet/assay-nats", "Service/assay-nats",
            "ConfigMap/assay-nats-config", "StatefulSet/assay-postgres", "Service/assay-postgres", "Secret/assay-db", "Secret/assay-model", "Job/assay-campaign-",
            "Deployment/assay-generator", "Deployment/assay-verifier", "ScaledObject/assay-generator", "ScaledObject/assay-verifier"])
        {
            Assert.Contains(expected, kinds);
        }

        var errors = manifests.SelectMany(m => Schemas.Errors(m).Select(e => $"{m}: {e}")).ToList();
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Theory]
    [InlineData("Deployment", "assay-worker", "/spec/template/spec/containers/0/securityContext", "allowPrivilegeEscalation", "allowPrivilegeEscalaton")]
    [InlineData("StatefulSet", "assay-nats", "/spec/template/spec", "containers", "container")]
    [InlineData("ScaledObject", "assay-worker", "/spec", "scaleTargetRef", "scaleTarget")]
    [InlineData("Job", "assay-campaign-", "/spec/template/spec", "restartPolicy", "restartPolice")]
    public void A_misspelt_field_fails_validation(string kind, string name, string path, string field, string misspelt)
    {
        var manifest = Manifest.Find(kind, name);
        var parent = Locate(manifest.Body, path).AsObject();
        var value = parent[field]!.DeepClone();
        parent.Remove(field);
        parent[misspelt] = value;

        Assert.NotEmpty(Schemas.Errors(manifest));
    }

    [Fact]
    public void A_value_of_the_wrong_type_fails_validation()
    {
        var worker = Manifest.Find("Deployment", "assay-worker");
        Locate(worker.Body, "/spec").AsObject()["replicas"] = "one";
        Assert.NotEmpty(Schemas.Errors(worker));

        // KEDA reads trigger metadata as a map of strings: an unquoted number is refused by its CRD.
        var scaler = Manifest.Find("ScaledObject", "assay-worker");
        Locate(scaler.Body, "/spec/triggers/0/metadata").AsObject()["lagThreshold"] = 20;
        Assert.NotEmpty(Schemas.Errors(scaler));
    }

    [Fact]
    public void Every_scaled_object_scales_a_worker_deployment_on_a_queue_assay_makes_with_keys_keda_s_scaler_reads()
    {
        (string, string)[] queues = [(ClusterNames.SlotsStream, ClusterNames.SlotsConsumer), (ClusterNames.VerifyStream, ClusterNames.VerifyConsumer)];
        var scaledObjects = Manifest.All().Where(m => m.Kind == "ScaledObject").ToList();
        Assert.NotEmpty(scaledObjects);
        foreach (var scaled in scaledObjects)
        {
            var target = Manifest.Find("Deployment", (string)scaled.Body["spec"]!["scaleTargetRef"]!["name"]!);
            Assert.Contains(KubernetesInvocations.All(), i => i.Source.StartsWith(target.ToString(), StringComparison.Ordinal) && i.Verb == "worker");
            var trigger = scaled.Body["spec"]!["triggers"]!.AsArray().Single()!;
            Assert.Equal("nats-jetstream", (string?)trigger["type"]);
            Assert.All(trigger["metadata"]!.AsObject(), p => Assert.Contains(p.Key, KedaView.TriggerKeys));
            Assert.Contains(((string)trigger["metadata"]!["stream"]!, (string)trigger["metadata"]!["consumer"]!), queues);
        }
    }

    [Fact]
    public void A_kind_with_no_schema_in_the_repository_is_an_error_not_a_pass()
    {
        var unknown = new Manifest("made-up.yaml", 0, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new JsonObject { ["name"] = "x" } });

        Assert.Contains(Schemas.Errors(unknown), e => e.Contains("no schema", StringComparison.Ordinal));
    }

    private static JsonNode Locate(JsonNode root, string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Aggregate(root, (node, step) => int.TryParse(step, out var index) ? node[index]! : node[step]!);
}
