namespace Assay.Cluster;

/// <summary>One slot of a chunk: a problem of the chunk (by its index in <see cref="SlotChunk.Problems"/>), a sample index
/// and the attempt to make.</summary>
/// <param name="Problem">Index into <see cref="SlotChunk.Problems"/>.</param>
/// <param name="Sample">The sample index within the problem.</param>
/// <param name="Attempt">0 for a slot never asked; more for a slot whose latest attempt was an infrastructure failure.</param>
public sealed record ChunkSlot(int Problem, int Sample, int Attempt);
