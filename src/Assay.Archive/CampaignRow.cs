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

    public const string SelectColumns =
        "id AS Id, model AS Model, suite AS Suite, samples_per_problem AS SamplesPerProblem, temperature AS Temperature, " +
        "top_p AS TopP, max_tokens AS MaxTokens, seed AS Seed, top_logprobs AS TopLogprobs, created_at_us AS CreatedAtUs";

    public const string Insert =
        "INSERT INTO campaigns (id, model, suite, samples_per_problem, temperature, top_p, max_tokens, seed, top_logprobs, created_at_us) " +
        "VALUES (@Id, @Model, @Suite, @SamplesPerProblem, @Temperature, @TopP, @MaxTokens, @Seed, @TopLogprobs, @CreatedAtUs) " +
        "ON CONFLICT DO NOTHING";

    public static CampaignRow From(Campaign campaign) => new()
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
    };

    public Campaign ToCampaign() => new(
        Id,
        Model,
        Suite,
        SamplesPerProblem,
        new SamplingSettings(Temperature, TopP, MaxTokens, Seed, TopLogprobs),
        ArchiveColumns.ToTime(CreatedAtUs));
}
