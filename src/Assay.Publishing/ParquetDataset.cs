using Parquet;
using Parquet.Serialization;

namespace Assay.Publishing;

/// <summary>Writes <c>rollouts.parquet</c> with Parquet.Net's serializer (nested lists of structs for the log-probabilities).</summary>
public static class ParquetDataset
{
    /// <summary>Writes the rows of <paramref name="rollouts"/> and returns how many were written.</summary>
    public static async Task<int> WriteAsync(string path, IReadOnlyList<PublishedRollout> rollouts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rollouts);
        var rows = rollouts.Select(Row).ToList();
        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            await ParquetSerializer.SerializeAsync(rows, stream, new ParquetOptions { RowGroupSize = 10_000 }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return rows.Count;
    }

    /// <summary>The Parquet row of one published rollout.</summary>
    public static ParquetRow Row(PublishedRollout item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var rollout = item.Rollout;
        return new ParquetRow
        {
            Id = rollout.Id,
            CampaignId = rollout.CampaignId,
            ProblemId = rollout.ProblemId,
            SampleIndex = rollout.SampleIndex,
            Attempt = rollout.Attempt,
            Model = rollout.Model,
            System = item.System,
            Prompt = item.Prompt,
            Completion = rollout.Completion,
            FinishReason = rollout.FinishReason,
            Verifier = rollout.Verdict.Verifier,
            Reward = rollout.Verdict.Reward,
            PromptTokens = rollout.PromptTokens,
            CompletionTokens = rollout.CompletionTokens,
            CreatedAt = rollout.CreatedAt.UtcDateTime,
            Logprobs = rollout.Logprobs?.Select(t => new ParquetToken
            {
                Token = t.Token,
                Logprob = t.Logprob,
                Top = t.Top.Select(a => new ParquetAlternative { Token = a.Token, Logprob = a.Logprob }).ToList(),
            }).ToList(),
        };
    }
}
