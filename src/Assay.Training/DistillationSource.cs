using Assay.Archive;
using Assay.Core;
using Assay.Nano;

namespace Assay.Training;

/// <summary>Where distillation gets the teacher's token distributions: a live nano teacher, or logprobs in the archive.</summary>
public static class DistillationSource
{
    /// <summary>
    /// The full distribution of a live nano <paramref name="teacher"/> along each answer (one forward pass each), and what
    /// those passes cost: 2·teacher parameters·tokens, tokens the chat prompt and the answer.
    /// </summary>
    public static (IReadOnlyList<DistillationExample> Examples, double TeacherFlops) FromTeacher(NanoModel teacher, IReadOnlyList<TrainingExample> examples)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(examples);
        var rows = examples.Select(e => DistillationExample.FromTeacher(teacher, e.Prompt, e.Answer)).ToList();
        long tokens = examples.Sum(e => (long)NanoTokenizer.EncodeChat(e.Prompt).Length + NanoTokenizer.Encode(e.Answer).Length);
        return (rows, 2.0 * teacher.ParameterCount * tokens);
    }

    /// <summary>
    /// The top-k distributions archived with a campaign's passed rollouts (the sampled token and its alternatives at every
    /// position; with k = nano's vocabulary the whole distribution). A teacher served over HTTP leaves out the end token's
    /// row, as OpenAI does; that row is then the sampled end token alone (it did end there), the one position distilled
    /// from the sample rather than from probabilities.
    /// </summary>
    /// <exception cref="InvalidDataException">The campaign is unknown, holds no passed rollout with logprobs, or its
    /// teacher's tokens do not map onto nano's vocabulary (the message says which token and why it is refused).</exception>
    public static async Task<IReadOnlyList<DistillationExample>> FromCampaignAsync(IRolloutArchive archive, string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var campaign = await archive.GetCampaignAsync(campaignId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"campaign '{campaignId}' is not in the archive");
        var problems = (await archive.GetProblemsAsync(campaignId, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var examples = new List<DistillationExample>();
        await foreach (var rollout in archive.ReadRolloutsAsync(campaignId, cancellationToken).ConfigureAwait(false))
        {
            if (!rollout.Verdict.Passed || rollout.Logprobs is not { Count: > 0 } logprobs || !problems.TryGetValue(rollout.ProblemId, out var problem))
                continue;
            if (logprobs.Count == rollout.Completion.Length)
                logprobs = [.. logprobs, new TokenLogprob(NanoTokenizer.TokenText(NanoTokenizer.End), 0, [])];
            try
            {
                examples.Add(DistillationExample.FromLogprobs(problem.Prompt, rollout.Completion, logprobs));
            }
            catch (ArgumentException ex)
            {
                throw new InvalidDataException(
                    $"campaign '{campaignId}' ({campaign.Model}), rollout {rollout.Id}: {ex.Message} Its teacher's tokens do not map onto nano's " +
                    $"vocabulary ({NanoTokenizer.VocabularySize} ids: single characters and chat markers), so the student cannot be trained on its probabilities.", ex);
            }
        }

        return examples.Count > 0 ? examples
            : throw new InvalidDataException($"campaign '{campaignId}' has no passed rollout archived with log-probabilities (run it with --logprobs K)");
    }
}
