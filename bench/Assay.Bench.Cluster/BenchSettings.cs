using System.Globalization;

namespace Assay.Bench.Cluster;

/// <summary>What one benchmark run measures; every flag has a default, so the bare command runs the README's table.</summary>
internal sealed record BenchSettings
{
    /// <summary>Worker process counts to measure.</summary>
    public IReadOnlyList<int> Workers { get; init; } = [1, 2, 4];

    /// <summary>Requests in flight per worker (its --concurrency), the same for every worker count.</summary>
    public int Concurrency { get; init; } = 32;

    /// <summary>The loopback model service's fixed latency per request.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long each HTTP run should last if the workers reach concurrency / latency (sets its rollout count).</summary>
    public TimeSpan Target { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Samples per problem in the instant-policy runs (× the arithmetic suite's 64 problems).</summary>
    public int InstantSamples { get; init; } = 360;

    /// <summary>Slots of the publish-only measurement (a coordinator, no workers); 0 skips it.</summary>
    public int PublishSlots { get; init; } = 1_000_000;

    /// <summary>Which policies to run: http, instant, or both.</summary>
    public IReadOnlyList<string> Policies { get; init; } = ["http", "instant"];

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--workers" => settings with { Workers = [.. value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))] },
                "--concurrency" => settings with { Concurrency = int.Parse(value, CultureInfo.InvariantCulture) },
                "--latency-ms" => settings with { Latency = TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture)) },
                "--seconds" => settings with { Target = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)) },
                "--instant-samples" => settings with { InstantSamples = int.Parse(value, CultureInfo.InvariantCulture) },
                "--policies" => settings with { Policies = value.Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--publish-slots" => settings with { PublishSlots = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown flag {args[i]} (known: --workers 1,2,4 --concurrency 32 --latency-ms 200 --seconds 15 --instant-samples 360 --policies http,instant --publish-slots 1000000)"),
            };
        }

        var unknown = settings.Policies.Except(["http", "instant"]).ToList();
        return unknown.Count == 0 ? settings : throw new ArgumentException($"--policies: {string.Join(',', unknown)} (known: http, instant)");
    }
}
