namespace Assay.Cluster;

/// <summary>A coordinator's view of a running campaign, read from the archive.</summary>
/// <param name="Archived">Slots of this run archived.</param>
/// <param name="Planned">Slots planned (published a window at a time).</param>
/// <param name="InfrastructureFailures">Of the archived, infrastructure failures.</param>
/// <param name="RolloutsPerSecond">Archived per second since the start.</param>
/// <param name="Pending">Chunks in the stream not yet acknowledged (the backlog KEDA scales on).</param>
/// <param name="Verifying">The campaign's answers handed to the verify stream by generate workers, not yet archived.</param>
public sealed record ClusterProgress(long Archived, int Planned, long InfrastructureFailures, double RolloutsPerSecond, ulong Pending, long Verifying = 0);
