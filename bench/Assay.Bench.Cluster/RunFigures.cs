using System.Globalization;

namespace Assay.Bench.Cluster;

/// <summary>One measured campaign: its throughput and where the CPU went, with the machine's load around it.</summary>
internal sealed record RunFigures(
    string Policy,
    int Workers,
    int Concurrency,
    long Archived,
    string Status,
    double Seconds,
    double WorkerCores,
    double NatsCores,
    double PostgresCores,
    double CoordinatorCores,
    double ServiceCores,
    double MachineBusy,
    double LoadBefore,
    double LoadAfter,
    long Chunks,
    long BytesPerChunk)
{
    public double RolloutsPerSecond => Archived / Seconds;

    public static string Header =>
        "| policy | workers × concurrency | rollouts | chunks (bytes each) | seconds | rollouts/s | CPU, cores: workers | nats-server | postgres | coordinator | model service + bench | machine busy (2 cores) | load avg 1 min, before → after |\n" +
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"| {Policy} | {Workers} × {Concurrency} | {Archived:N0}{(Status == "completed" ? "" : " (" + Status + ")")} | {Chunks:N0} ({BytesPerChunk:N0}) | {Seconds:F1} | {RolloutsPerSecond:N0} | {WorkerCores:F2} | {NatsCores:F2} | {PostgresCores:F2} | {CoordinatorCores:F2} | {ServiceCores:F2} | {MachineBusy:P0} | {LoadBefore:F1} → {LoadAfter:F1} |");
}
