using Assay.Rollouts;

namespace Assay.Deploy.Tests;

/// <summary>The environment variables <c>assay</c> reads, each found where the code that reads it can be asked.</summary>
internal static class CliEnvironment
{
    /// <summary>Npgsql's libpq-compatible password variables: DeployedWorkerTests authenticates a real worker through each.</summary>
    public static readonly string[] Database = ["PGPASSWORD", "PGPASSFILE"];

    /// <summary>Where nano checkpoints are cached (ModelCache.FromEnvironment; ASSAY_HOME checked by CommandLineTests).</summary>
    public static readonly string[] Cache = ["ASSAY_HOME", "XDG_CACHE_HOME"];

    public static IReadOnlySet<string> Read()
    {
        var names = new HashSet<string>(Database.Concat(Cache), StringComparer.Ordinal);

        // The model services' keys: the policy factory reads them through the environment it is given, so record what it asks.
        using var http = new HttpClient();
        var factory = new PolicyFactory(http, name =>
        {
            names.Add(name);
            return "key";
        });
        factory.Create(ModelSpec.Parse("openai:m@http://127.0.0.1:9/v1")).Dispose();
        factory.Create(ModelSpec.Parse("anthropic:m")).Dispose();
        return names;
    }
}
