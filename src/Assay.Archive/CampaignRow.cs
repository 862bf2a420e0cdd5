using System.Globalization;
using Assay.Core;

namespace Assay.Archive;

/// <summary>A <c>campaigns</c> row as Dapper reads it (column aliases match the property names).</summary>
internal sealed class CampaignRow
{
    public string Id { get; set; } = "";
    public string Model { get; set; } = "";
    public string Suite { get; set; } = "";
    public int SamplesPerProblem { get; set; }
    public double Temperature { get; set; }
    public double TopP { get; set; }
    public int MaxTokens { get; set; }
    public int? Seed { get; set; }
    public int? TopLogprobs { get; set; }
    public long CreatedAtUs { get; set; }
    /// <summary>Read as text, as <see cref="RolloutRow.CostUsd"/> is.</summary>
    public string? MaxCostUsd { get; set; }
    public string? PromptPriceUsd { get; set; }
    public string? CompletionPriceUsd { get; set; }
    public string? ProblemPattern { get; set; }
    public int? ProblemLimit { get; set; }
    public string? SystemPrompt { get; set; }
    /// <summary>A JSON array of strings.</summary>
    public string? StopSequences { get; set; }

    public const string SelectColumns =
        "id AS Id, model AS Model, suite AS Suite, samples_per_problem AS SamplesPerProblem, temperature AS Temperature, " +
        "top_p AS TopP, max_tokens AS MaxTokens, seed AS Seed, top_logprobs AS TopLogprobs, created_at_us AS CreatedAtUs, " +
        "CAST(max_cost_usd AS TEXT) AS MaxCostUsd, CAST(prompt_price_usd AS TEXT) AS PromptPriceUsd, " +
        "CAST(completion_price_usd AS TEXT) AS CompletionPriceUsd, problem_pattern AS ProblemPattern, problem_limit AS ProblemLimit, " +
        "system_prompt AS SystemPrompt, stop_sequences AS StopSequences";

    public const string Insert =
        "INSERT INTO campaigns (id, model, suite, samples_per_problem, temperature, top_p, max_tokens, seed, top_logprobs, created_at_us, " +
        "max_cost_usd, prompt_price_usd, completion_price_usd, problem_pattern, problem_limit, system_prompt, stop_sequences) " +
        "VALUES (@Id, @Model, @Suite, @SamplesPerProblem, @Temperature, @TopP, @MaxTokens, @Seed, @TopLogprobs, @CreatedAtUs, " +
        "@MaxCost, @PromptPrice, @CompletionPrice, @ProblemPattern, @ProblemLimit, @SystemPrompt, @StopSequences) " +
        "ON CONFLICT DO NOTHING";

    /// <summary>The insert's parameters: the row, plus the budget as decimals (the row reads them back as text).</summary>
    public static object InsertParameters(Campaign campaign)
    {
        var row = From(campaign);
        var budget = campaign.EffectiveBudget;
        return new
        {
            row.Id, row.Model, row.Suite, row.SamplesPerProblem, row.Temperature, row.TopP, row.MaxTokens, row.Seed, row.TopLogprobs, row.CreatedAtUs,
            budget.MaxCost, PromptPrice = budget.PromptPerMillion, CompletionPrice = budget.CompletionPerMillion,
            row.ProblemPattern, row.ProblemLimit, row.SystemPrompt, row.StopSequences,
        };
    }

    private static CampaignRow From(Campaign campaign) => new()
    {
        Id = campaign.Id,
        Model = campaign.Model,
        Suite = campaign.Suite,
        SamplesPerProblem = campaign.SamplesPerProblem,
        Temperature = campaign.Settings.Temperature,
        TopP = campaign.Settings.TopP,
        MaxTokens = campaign.Settings.MaxTokens,
        Seed = campaign.Settings.Seed,
        TopLogprobs = campaign.Settings.TopLogprobs,
        CreatedAtUs = ArchiveColumns.ToMicroseconds(campaign.CreatedAt),
        ProblemPattern = campaign.EffectiveProblems.Pattern,
        ProblemLimit = campaign.EffectiveProblems.Limit,
        SystemPrompt = campaign.EffectivePrompt.System,
        StopSequences = campaign.EffectivePrompt.Stop.Count == 0 ? null : JsonStringArray.Write(campaign.EffectivePrompt.Stop),
    };

    public Campaign ToCampaign() => new(
        Id,
        Model,
        Suite,
        SamplesPerProblem,
        new SamplingSettings(Temperature, TopP, MaxTokens, Seed, TopLogprobs),
        ArchiveColumns.ToTime(CreatedAtUs),
        MaxCostUsd is null && PromptPriceUsd is null && CompletionPriceUsd is null
            ? null
            : new CampaignBudget(Decimal(MaxCostUsd), Decimal(PromptPriceUsd), Decimal(CompletionPriceUsd)),
        ProblemPattern is null && ProblemLimit is null ? null : new CampaignProblems(ProblemPattern, ProblemLimit),
        SystemPrompt is null && StopSequences is null ? null : new CampaignPrompt(SystemPrompt, StopSequences is null ? [] : JsonStringArray.Read(StopSequences, $"Campaign {Id}: column stop_sequences")));

    private static decimal? Decimal(string? text) =>
        text is null ? null : decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
