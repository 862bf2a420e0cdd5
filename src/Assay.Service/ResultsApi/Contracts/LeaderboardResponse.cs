namespace Assay.Service.ResultsApi.Contracts;

/// <summary>A suite's leaderboard as the caller's tier sees it: best pass@1 first.</summary>
public sealed record LeaderboardResponse(string Suite, string Tier, DateOnly? ReleasedAfter, IReadOnlyList<LeaderboardEntry> Entries);
