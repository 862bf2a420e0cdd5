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
    /// <summary>Cuts <paramref name="plan"/> into chunks of at most <paramref name="size"/> slots, in plan order, one at a
    /// time as they are enumerated: the coordinator holds only the chunks it is publishing, not the plan twice over.</summary>
    public static IEnumerable<SlotChunk> Cut(string campaignId, IReadOnlyList<PlannedRollout> plan, int size)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return CutLazily(campaignId, plan, size);
    }

    private static IEnumerable<SlotChunk> CutLazily(string campaignId, IReadOnlyList<PlannedRollout> plan, int size)
    {
        var index = 0;
        for (var start = 0; start < plan.Count; start += size)
        {
            var problems = new List<ChunkProblem>();
            var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
            var slots = new List<ChunkSlot>(Math.Min(size, plan.Count - start));
            for (var i = start; i < Math.Min(start + size, plan.Count); i++)
            {
                var planned = plan[i];
                if (!indexOf.TryGetValue(planned.Problem.Id, out var problem))
                {
                    problem = problems.Count;
                    indexOf[planned.Problem.Id] = problem;
                    problems.Add(ChunkProblem.From(planned.Problem));
                }

                slots.Add(new ChunkSlot(problem, planned.SampleIndex, planned.Attempt));
            }

            yield return new SlotChunk(campaignId, index++, problems, slots);
        }
    }

    /// <summary>The chunk's slots as the campaign engine plans them.</summary>
    public IReadOnlyList<PlannedRollout> ToPlan()
    {
        var problems = Problems.Select(p => p.ToProblem()).ToArray();
        return [.. Slots.Select(s => new PlannedRollout(
            RolloutId.For(CampaignId, problems[s.Problem].Id, s.Sample, s.Attempt), problems[s.Problem], s.Sample, s.Attempt))];
    }
}
