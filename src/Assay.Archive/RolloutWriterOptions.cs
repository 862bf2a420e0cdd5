namespace Assay.Archive;

/// <summary>When a <see cref="RolloutWriter"/> writes: after <see cref="BatchSize"/> rollouts, or
/// <see cref="FlushInterval"/> after the oldest unwritten one arrived, whichever comes first.</summary>
/// <param name="BatchSize">Rollouts per transaction at most.</param>
/// <param name="FlushInterval">How long a scored rollout may wait for company before it is written alone.</param>
/// <param name="Capacity">Rollouts that may queue before <see cref="RolloutWriter.WriteAsync"/> waits (back-pressure).</param>
public sealed record RolloutWriterOptions(int BatchSize = 256, TimeSpan? FlushInterval = null, int Capacity = 4096)
{
    /// <summary>How long a batch is retried after a passing fault (<see cref="ArchiveFaults.IsTransient"/>) before the
    /// writer fails: long enough for a PostgreSQL restart or a long write by another connection.</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The default flush interval: 200 ms.</summary>
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromMilliseconds(200);

    /// <summary><see cref="FlushInterval"/>, or the default.</summary>
    public TimeSpan EffectiveFlushInterval => FlushInterval ?? DefaultFlushInterval;
}
