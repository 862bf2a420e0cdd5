namespace Assay.Service.ResultsApi.Contracts;

/// <summary>A campaign: which model on which suite, how many samples per problem, its sampling settings, when it started.</summary>
public sealed record CampaignItem(
    string Id,
    string Model,
    string Suite,
    int SamplesPerProblem,
    double Temperature,
    double TopP,
    int MaxTokens,
    DateTimeOffset CreatedAt);
