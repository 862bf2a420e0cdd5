namespace Assay.Service.OpenAi;

/// <summary>The generations of a <see cref="GenerationGate"/>: now, and how the ones it let through ended.</summary>
/// <param name="Running">Generations holding a place: running, or stopping at their next token.</param>
/// <param name="Waiting">Requests admitted and waiting for a place.</param>
/// <param name="Finished">Generations that ran to their end.</param>
/// <param name="Cancelled">Generations let through that stopped, or never started, because their client went away.</param>
/// <param name="Failed">Generations that ended with an error.</param>
public sealed record GenerationCounts(int Running, int Waiting, long Finished, long Cancelled, long Failed);
