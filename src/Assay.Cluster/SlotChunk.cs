using Assay.Core;
using Assay.Rollouts;

namespace Assay.Cluster;

/// <summary>
/// One message of the work-queue stream: some slots of one campaign and the problems they ask, so a worker needs no
/// suite file (the campaign's settings it reads from the archive).
/// </summary>
/// <param name="CampaignId">The campaign, stored in the archive before its chunks are published.</param>
/// <param name="Index">The chunk's position in the campaign's plan (its message id is derived from it).</param>
/// <param name="Problems">The problems the slots ask, each once.</param>
/// <param name="Slots">The slots.</param>
public sealed record SlotChunk(string CampaignId, int Index, IReadOnlyList<ChunkProblem> Problems, IReadOnlyList<ChunkSlot> Slots)
{
    /// <summary>Cuts <paramref name="plan"/> into chunks of at most <paramref name="size"/> slots, in plan order.</summary>
    public static IReadOnlyList<SlotChunk> Cut(string campaignId, IReadOnlyList<PlannedRollout> plan, int size)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var chunks = new List<SlotChunk>((plan.Count + size - 1) / size);
        for (var start = 0; start < plan.Count; start += size)
        {
            var problems = new List<ChunkProblem>();
            var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
            var slots = new List<ChunkSlot>(Math.Min(size, plan.Count - start));
            for (var i = start; i < Math.Min(start + size, plan.Count); i++)
            {
                var planned = plan[i];
                if (!indexOf.TryGetValue(planned.Problem.Id, out var index))
                {
                    index = problems.Count;
                    indexOf[planned.Problem.Id] = index;
                    problems.Add(ChunkProblem.From(planned.Problem));
                }

                slots.Add(new ChunkSlot(index, planned.SampleIndex, planned.Attempt));
            }

            chunks.Add(new SlotChunk(campaignId, chunks.Count, problems, slots));
        }

        return chunks;
    }

    /// <summary>The chunk's slots as the campaign engine plans them.</summary>
    public IReadOnlyList<PlannedRollout> ToPlan()
    {
        var problems = Problems.Select(p => p.ToProblem()).ToArray();
        return [.. Slots.Select(s => new PlannedRollout(
            RolloutId.For(CampaignId, problems[s.Problem].Id, s.Sample, s.Attempt), problems[s.Problem], s.Sample, s.Attempt))];
    }
}
