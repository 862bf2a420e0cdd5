using Assay.Rollouts;
using Assay.Verification;
using Microsoft.Extensions.AI;

namespace Assay.Cluster;

/// <summary>How an <c>assay worker</c> works.</summary>
public sealed record WorkerOptions
{
    /// <summary>The stream and consumer settings, the same on every process of the cluster.</summary>
    public ClusterOptions Cluster { get; init; } = new();

    /// <summary>Most requests this worker has in flight (the adaptive limit starts here).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Chunks this worker holds at once; enough that a chunk's slow tail does not leave the concurrency idle.</summary>
    public int Lanes { get; init; } = 2;

    /// <summary>Attempts per request for transient failures, the first included.</summary>
    public int MaxAttempts { get; init; } = new RetryOptions().MaxAttempts;

    /// <summary>How long a scored rollout may wait to be archived with others. It bounds what a killed worker had answered
    /// but not archived: at most this much of its answers is asked (and paid for) again.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>What this worker does.</summary>
    public WorkerRole Role { get; init; } = WorkerRole.Both;

    /// <summary>Scores answers: this worker's own sandbox (every role but <see cref="WorkerRole.Generate"/>).</summary>
    public IVerifier? Verifier { get; init; }

    /// <summary>The identity its verdicts carry; a campaign pinned to another is refused (every role but
    /// <see cref="WorkerRole.Generate"/>).</summary>
    public string? VerifierIdentity { get; init; }

    /// <summary>A verify worker's verifications in flight at once: its sandbox pool's size.</summary>
    public int Sandboxes { get; init; } = Environment.ProcessorCount;

    /// <summary>The bare client of a model (the CLI registers the schemes it knows, nano included).</summary>
    public required Func<ModelSpec, CancellationToken, Task<IChatClient>> CreateClient { get; init; }

    /// <summary>Where the worker says what it does (one line each).</summary>
    public Action<string> Log { get; init; } = _ => { };
}
