using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Assay.Core;
using Microsoft.Extensions.AI;

namespace Assay.Rollouts;

/// <summary>
/// What is asked of the policy for one rollout: the one place that decides the wording of the prompt and the
/// sampling options, and the JSON archived as the rollout's request.
/// </summary>
/// <param name="Model">Policy name.</param>
/// <param name="Prompt">The user message.</param>
/// <param name="Temperature">Sampling temperature.</param>
/// <param name="TopP">Nucleus sampling mass.</param>
/// <param name="MaxTokens">Completion token cap.</param>
/// <param name="Seed">Per-rollout sampling seed, when the campaign has a seed.</param>
/// <param name="TopLogprobs">Alternatives per token asked for, when logprobs are wanted.</param>
/// <param name="System">The system message sent before the prompt, if the campaign has one (<c>--system</c>).</param>
/// <param name="Stop">The stop sequences, if the campaign has any (<c>--stop</c>).</param>
public sealed record RolloutRequest(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("temperature")] double Temperature,
    [property: JsonPropertyName("top_p")] double TopP,
    [property: JsonPropertyName("max_tokens")] int MaxTokens,
    [property: JsonPropertyName("seed")] long? Seed,
    [property: JsonPropertyName("top_logprobs")] int? TopLogprobs,
    [property: JsonPropertyName("system"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? System = null,
    [property: JsonPropertyName("stop"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Stop = null)
{
    /// <summary>The instruction put before a code problem's prompt: chat models answer in prose unless told.</summary>
    public const string CodeInstruction =
        "Complete the following Python code. Reply with the complete function in a single ```python code block.\n\n";

    /// <summary>The request for sample <paramref name="sampleIndex"/> of <paramref name="problem"/>.</summary>
    /// <remarks>With a campaign seed, each sample gets its own seed, derived from the campaign seed, the problem and
    /// the sample index only (<see cref="SampleSeed"/>): samples differ from each other, the same command gives the same
    /// seeds in every campaign (as <c>--seed</c> does in lm-evaluation-harness), and a retried attempt is asked exactly
    /// as the first was.</remarks>
    public static RolloutRequest For(Campaign campaign, Problem problem, int sampleIndex)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(problem);
        var settings = campaign.Settings;
        var prompt = problem.Check is PythonTestsCheck && !IsNano(campaign.Model) ? CodeInstruction + problem.Prompt : problem.Prompt;
        long? seed = settings.Seed is { } s ? SampleSeed(s, problem.Id, sampleIndex) : null;
        var extra = campaign.EffectivePrompt;
        return new RolloutRequest(campaign.Model, prompt, settings.Temperature, settings.TopP, settings.MaxTokens, seed, settings.TopLogprobs,
            extra.System, extra.Stop.Count == 0 ? null : extra.Stop);
    }

    /// <summary>A non-negative 31-bit seed (it fits every service's seed field, nano's <c>int</c> included) from the first
    /// bytes of SHA-256(<c>seed \n problem \n sample</c>).</summary>
    public static long SampleSeed(int campaignSeed, string problemId, int sampleIndex)
    {
        ArgumentNullException.ThrowIfNull(problemId);
        var key = string.Create(CultureInfo.InvariantCulture, $"{campaignSeed}\n{problemId}\n{sampleIndex}");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return BinaryPrimitives.ReadInt32LittleEndian(hash) & int.MaxValue;
    }

    /// <summary>
    /// nano learnt bare prompts and answers (a function body's expression, no prose, no code fence), so it gets no
    /// instruction, whether in process (<c>nano:…</c>) or served by <c>assay serve</c> (<c>openai:nano:…@URL</c>).
    /// </summary>
    private static bool IsNano(string model) =>
        model.StartsWith("nano:", StringComparison.Ordinal) || model.StartsWith("openai:nano:", StringComparison.Ordinal);

    /// <summary>The most this request can cost at <paramref name="price"/> (<see cref="BudgetChatClient.WorstCaseCost"/>).</summary>
    public decimal WorstCaseCost(ModelPrice price) => BudgetChatClient.WorstCaseCost(ToMessages(), ToChatOptions(), price);

    /// <summary>The chat messages sent: the system message, if any, then the prompt.</summary>
    public IList<ChatMessage> ToMessages() => System is null
        ? [new ChatMessage(ChatRole.User, Prompt)]
        : [new ChatMessage(ChatRole.System, System), new ChatMessage(ChatRole.User, Prompt)];

    /// <summary>The chat options sent (logprobs are asked for by <see cref="LogprobCapturingChatClient"/>).</summary>
    public ChatOptions ToChatOptions() => new()
    {
        Temperature = (float)Temperature,
        TopP = (float)TopP,
        MaxOutputTokens = MaxTokens,
        Seed = Seed,
        StopSequences = Stop is null ? null : [.. Stop],
    };

    /// <summary>The request as archived.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, RolloutJsonContext.Default.RolloutRequest);
}
