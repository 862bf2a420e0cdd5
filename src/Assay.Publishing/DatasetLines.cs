using System.Text.Encodings.Web;
using System.Text.Json;
using Assay.Core;
using Assay.Reports;

namespace Assay.Publishing;

/// <summary>
/// The one place that decides what a line of each JSONL dataset holds (the README's "Published datasets" section
/// documents it for trainers). Every line carries the rollout's provenance: <c>id</c>, <c>campaign_id</c>,
/// <c>problem_id</c>, <c>model</c>, <c>verifier</c>, <c>reward</c>, <c>created_at</c>.
/// </summary>
public static class DatasetLines
{
    // Non-ASCII is kept as UTF-8 (a dataset is read by programs, not terminals); NaN and ±∞ log-probabilities are written
    // as the strings "NaN", "Infinity", "-Infinity", as Python's json module reads them back into floats only when asked.
    private static readonly JsonSerializerOptions s_options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Chat SFT: <c>messages</c> (system if sent, user, assistant) and provenance.</summary>
    public static string Sft(PublishedRollout item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var messages = new List<object>(3);
        if (item.System is { } system)
        {
            messages.Add(new { role = "system", content = system });
        }

        messages.Add(new { role = "user", content = item.Prompt });
        messages.Add(new { role = "assistant", content = item.Rollout.Completion });
        return Line(new Dictionary<string, object?> { ["messages"] = messages }, item.Rollout);
    }

    /// <summary>Prompt / completion, with the system message when one was sent, and provenance.</summary>
    public static string PromptCompletion(PublishedRollout item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Line(Conversation(item), item.Rollout);
    }

    /// <summary>
    /// Distillation: prompt / completion and the teacher's <c>tokens</c>, each with its <c>logprob</c> and the
    /// <c>top</c> alternatives (token, logprob) as the service returned them; <c>top_k</c> is the most alternatives any
    /// position has. Null for a rollout archived without log-probabilities.
    /// </summary>
    public static string? Distill(PublishedRollout item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Rollout.Logprobs is not { } tokens)
        {
            return null;
        }

        var fields = Conversation(item);
        fields["top_k"] = tokens.Count == 0 ? 0 : tokens.Max(t => t.Top.Count);
        fields["tokens"] = tokens.Select(t => new
        {
            token = t.Token,
            logprob = t.Logprob,
            top = t.Top.Select(a => new { token = a.Token, logprob = a.Logprob }),
        });
        return Line(fields, item.Rollout);
    }

    /// <summary>A DPO pair: <c>prompt</c>, <c>chosen</c> (a passed answer), <c>rejected</c> (a failed one) and both ids.</summary>
    public static string Dpo(DpoPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var fields = new Dictionary<string, object?>
        {
            ["prompt"] = pair.Chosen.Prompt,
            ["system"] = pair.Chosen.System,
            ["chosen"] = pair.Chosen.Rollout.Completion,
            ["rejected"] = pair.Rejected.Rollout.Completion,
            ["problem_id"] = pair.Chosen.Rollout.ProblemId,
            ["chosen_id"] = pair.Chosen.Rollout.Id,
            ["rejected_id"] = pair.Rejected.Rollout.Id,
            ["chosen_model"] = pair.Chosen.Rollout.Model,
            ["rejected_model"] = pair.Rejected.Rollout.Model,
            ["rejected_status"] = VerdictWords.Of(pair.Rejected.Rollout.Verdict.Status),
            ["verifier"] = pair.Chosen.Rollout.Verdict.Verifier,
        };
        return JsonSerializer.Serialize(fields, s_options);
    }

    private static Dictionary<string, object?> Conversation(PublishedRollout item) => new()
    {
        ["prompt"] = item.Prompt,
        ["system"] = item.System,
        ["completion"] = item.Rollout.Completion,
    };

    private static string Line(Dictionary<string, object?> fields, Rollout rollout)
    {
        fields["id"] = rollout.Id;
        fields["campaign_id"] = rollout.CampaignId;
        fields["problem_id"] = rollout.ProblemId;
        fields["model"] = rollout.Model;
        fields["verifier"] = rollout.Verdict.Verifier;
        fields["reward"] = rollout.Verdict.Reward;
        fields["created_at"] = rollout.CreatedAt;
        return JsonSerializer.Serialize(fields, s_options);
    }
}
